package io.robustunit.data;

import static io.robustunit.data.IdxBytes.gzip;
import static io.robustunit.data.IdxBytes.idx;
import static io.robustunit.data.IdxBytes.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.robustunit.data.FashionMnist.Split;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FashionMnistTest {

    static final IdxBytes.Pair FIVE = IdxBytes.images(5, 28, 28, 10, 11);

    @TempDir
    Path dir;

    final String savedProperty = System.getProperty(FashionMnist.DIR_PROPERTY);

    @AfterEach
    void restoreProperty() {
        if (savedProperty == null) {
            System.clearProperty(FashionMnist.DIR_PROPERTY);
        } else {
            System.setProperty(FashionMnist.DIR_PROPERTY, savedProperty);
        }
    }

    @Test
    void rawAndGzipDirectoriesLoadIdentically() throws Exception {
        FIVE.writeTo(dir.resolve("raw"), "t10k", false);
        FIVE.writeTo(dir.resolve("gz"), "t10k", true);
        LabeledImages raw = FashionMnist.load(dir.resolve("raw"), Split.TEST);
        LabeledImages gz = FashionMnist.load(dir.resolve("gz"), Split.TEST);
        assertThat(raw.size()).isEqualTo(5);
        assertThat(raw.name()).isEqualTo("Fashion-MNIST test");
        assertThat(raw.classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
        for (int i = 0; i < 5; i++) {
            assertThat(gz.image(i)).containsExactly(raw.image(i));
            assertThat(gz.label(i)).isEqualTo(raw.label(i)).isEqualTo(i);
            assertThat(gz.datasetIndex(i)).isEqualTo(i);
        }
    }

    @Test
    void pixelsAreBytesScaledToTheUnitInterval() throws Exception {
        byte[] pixels = new byte[784];
        pixels[0] = (byte) 255;
        pixels[1] = (byte) 128;
        write(dir.resolve("t10k-images-idx3-ubyte"), idx(new int[] {1, 28, 28}, pixels));
        write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {1}, new byte[] {9}));
        LabeledImages one = FashionMnist.load(dir, Split.TEST);
        assertThat(one.image(0)[0]).isEqualTo(1f);
        assertThat(one.image(0)[1]).isEqualTo(128 / 255f);
        assertThat(one.image(0)[2]).isZero();
        assertThat(one.label(0)).isEqualTo(9);
    }

    @Test
    void aMissingDirectoryIsNamedWithHowToInstallTheData() {
        Path nowhere = dir.resolve("nowhere");
        assertThatThrownBy(() -> FashionMnist.load(nowhere, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(nowhere.toString())
                .hasMessageContaining("does not exist")
                .hasMessageContaining("dataset-fashion-mnist");
        Path relative = Path.of("src/test/resources/no-such-data");
        assertThatThrownBy(() -> FashionMnist.load(relative, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("Fashion-MNIST directory " + relative + " (relative to "
                        + Path.of("").toAbsolutePath() + ") does not exist");
    }

    @Test
    void aSystemPropertyPointingNowhereIsNamedWithHowToFixIt() {
        Path nowhere = dir.resolve("nowhere");
        System.setProperty(FashionMnist.DIR_PROPERTY, nowhere.toString());
        assertThatThrownBy(FashionMnist::locate)
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(nowhere.toString())
                .hasMessageContaining("system property " + FashionMnist.DIR_PROPERTY)
                .hasMessageContaining("does not exist")
                .hasMessageContaining("or unset it to use " + FashionMnist.DEBIAN_DIR);
        assertThatThrownBy(FashionMnist::test)
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("system property " + FashionMnist.DIR_PROPERTY);
    }

    /** Run in a child JVM whose environment the test sets: prints what {@code locate()} says. */
    public static void main(String[] args) {
        try {
            System.out.println("LOCATED " + FashionMnist.locate());
        } catch (IdxFormatException e) {
            System.out.println("FAILED " + e.getMessage());
        }
    }

    @Test
    void anEnvironmentVariablePointingNowhereIsNamedWithHowToFixIt() throws Exception {
        Path nowhere = dir.resolve("nowhere");
        ProcessBuilder child = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        System.getProperty("java.class.path"),
                        FashionMnistTest.class.getName())
                .redirectErrorStream(true);
        child.environment().put(FashionMnist.DIR_ENV, nowhere.toString());
        Process p = child.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(1, java.util.concurrent.TimeUnit.MINUTES)).isTrue();
        assertThat(out)
                .contains("FAILED Fashion-MNIST directory " + nowhere)
                .contains("(from environment variable " + FashionMnist.DIR_ENV + ") does not exist")
                .contains("or unset it to use " + FashionMnist.DEBIAN_DIR);
    }

    @Test
    void theSystemPropertyWinsOverTheDefaultDirectory() throws Exception {
        FIVE.writeTo(dir, "t10k", true);
        System.setProperty(FashionMnist.DIR_PROPERTY, dir.toString());
        assertThat(FashionMnist.locate()).isEqualTo(dir);
        assertThat(FashionMnist.test().size()).isEqualTo(5);
    }

    @Test
    void aMissingLabelsFileIsNamedWithTheDirectory() {
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), gzip(FIVE.images()));
        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(dir.resolve("t10k-labels-idx1-ubyte.gz").toString())
                .hasMessageContaining("(or t10k-labels-idx1-ubyte)")
                .hasMessageContaining("is missing in " + dir)
                .hasMessageContaining("copy the IDX files there");
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreRefused() {
        write(dir.resolve("t10k-images-idx3-ubyte"), FIVE.images());
        write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {4}, new byte[4]));
        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(dir.resolve("t10k-images-idx3-ubyte").toString())
                .hasMessageContaining("5 images but 4 labels")
                .hasMessageContaining("do not belong together");
    }

    @Test
    void aLabelOfTenOrMoreIsRefusedWithItsIndex() {
        write(dir.resolve("t10k-images-idx3-ubyte"), FIVE.images());
        write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {5}, new byte[] {0, 1, 2, 10, 4}));
        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("t10k-labels-idx1-ubyte")
                .hasMessageContaining("label 10 at index 3 is outside [0, 10)");
    }

    @Test
    void labelsAndImagesSwappedAreRefusedByRank() {
        write(dir.resolve("t10k-images-idx3-ubyte"), FIVE.labels());
        write(dir.resolve("t10k-labels-idx1-ubyte"), FIVE.images());
        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte")
                .hasMessageContaining("images must have 3 or 4 dimensions, found [5]");
    }

    @Test
    void labelsOfRankTwoAreRefused() {
        write(dir.resolve("t10k-images-idx3-ubyte"), FIVE.images());
        write(dir.resolve("t10k-labels-idx1-ubyte"), idx(new int[] {5, 1}, new byte[5]));
        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("labels must have 1 dimension, found [5, 1]");
    }

    @Test
    void imagesWithAnEmptyDimensionAreRefused() {
        write(dir.resolve("t10k-images-idx3-ubyte"), idx(new int[] {5, 0, 28}, new byte[0]));
        write(dir.resolve("t10k-labels-idx1-ubyte"), FIVE.labels());
        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining("t10k-images-idx3-ubyte")
                .hasMessageContaining("images have an empty dimension [5, 0, 28]");
    }

    @Test
    void aCorruptFileInTheDirectoryIsNamed() {
        write(dir.resolve("t10k-images-idx3-ubyte.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 0, 0});
        write(dir.resolve("t10k-labels-idx1-ubyte.gz"), gzip(FIVE.labels()));
        assertThatThrownBy(() -> FashionMnist.load(dir, Split.TEST))
                .isInstanceOf(IdxFormatException.class)
                .hasMessageContaining(dir.resolve("t10k-images-idx3-ubyte.gz").toString())
                .hasMessageContaining("is not a valid gzip stream or is truncated");
    }

    /** Debian's dataset-fashion-mnist, when installed: the real files pass every check. */
    @Test
    void theInstalledDebianDatasetHasSixtyAndTenThousandImagesOfTenClasses() throws Exception {
        Path debian = Path.of(FashionMnist.DEBIAN_DIR);
        assumeTrue(
                Files.isRegularFile(debian.resolve("train-images-idx3-ubyte.gz")),
                "dataset-fashion-mnist is not installed");
        LabeledImages test = FashionMnist.load(debian, Split.TEST);
        LabeledImages train = FashionMnist.load(debian, Split.TRAIN);
        assertThat(test.size()).isEqualTo(10_000);
        assertThat(train.size()).isEqualTo(60_000);
        for (LabeledImages split : new LabeledImages[] {test, train}) {
            assertThat(split.imageShape().getShape()).containsExactly(1, 28, 28);
            int[] perClass = new int[10];
            for (int i = 0; i < split.size(); i++) {
                perClass[split.label(i)]++;
            }
            assertThat(perClass)
                    .as("%s: each class holds a tenth", split.name())
                    .containsOnly(split.size() / 10);
        }
        float[] first = test.image(0);
        assertThat(IntStream.range(0, first.length)
                        .mapToDouble(i -> first[i])
                        .max()
                        .orElseThrow())
                .isGreaterThan(0.5)
                .isLessThanOrEqualTo(1.0);
    }
}
