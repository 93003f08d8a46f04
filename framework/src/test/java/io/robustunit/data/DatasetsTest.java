package io.robustunit.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The readers behind {@link Datasets}: format detection, contents, names and every bad input. */
class DatasetsTest {

    @TempDir
    Path tmp;

    static Path resource(String name) throws URISyntaxException {
        return Path.of(DatasetsTest.class.getResource("/data/" + name).toURI());
    }

    // ------------------------------------------------------------- image folder

    @Test
    void anImageFolderIsDetectedWithClassesSortedByFolderName() throws Exception {
        Path root = tmp.resolve("pets");
        DataFiles.imageFolder(root, 3, 2, 5, 4, true);
        DataFiles.write(root.resolve("class_1").resolve("notes.txt"), new byte[] {1});
        assertThat(Datasets.detect(root)).isEqualTo(DataFormat.IMAGE_FOLDER);
        LabeledImages data = Datasets.read(root);
        assertThat(data.name()).isEqualTo("pets");
        assertThat(data.classNames()).containsExactly("class_0", "class_1", "class_2");
        assertThat(data.size()).isEqualTo(6);
        assertThat(data.imageShape().getShape()).containsExactly(3, 4, 5);
        assertThat(data.label(2)).isEqualTo(1);
        assertThat(data.datasetIndex(5)).isEqualTo(5);
        int rgb = DataFiles.image(5, 4, true, 31L * 1 + 0).getRGB(3, 2);
        float[] img = data.image(2);
        assertThat(img[2 * 5 + 3]).isCloseTo(((rgb >> 16) & 0xff) / 255f, within(1e-6f));
        assertThat(img[20 + 2 * 5 + 3]).isCloseTo(((rgb >> 8) & 0xff) / 255f, within(1e-6f));
        assertThat(img[40 + 2 * 5 + 3]).isCloseTo((rgb & 0xff) / 255f, within(1e-6f));
    }

    @Test
    void anExplicitClassListSelectsAndOrdersTheFolders() throws Exception {
        Path root = DataFiles.imageFolder(tmp.resolve("f"), 3, 1, 4, 4, false);
        LabeledImages data = Datasets.read(root, DataRequest.auto().withClassNames(List.of("class_2", "class_0")));
        assertThat(data.classNames()).containsExactly("class_2", "class_0");
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.imageShape().getShape()).containsExactly(1, 4, 4);
        float expected = DataFiles.image(4, 4, false, 62).getRaster().getSample(1, 1, 0) / 255f;
        assertThat(data.image(0)[5]).isEqualTo(expected);
    }

    @Test
    void greyImagesAreRepeatedIntoRgbWhenThreeChannelsAreDeclared() throws Exception {
        Path root = DataFiles.imageFolder(tmp.resolve("g"), 2, 1, 3, 3, false);
        LabeledImages data = Datasets.read(root, DataRequest.auto().withImageShape(3, 3, 3));
        float[] img = data.image(0);
        assertThat(img[4]).isEqualTo(img[9 + 4]).isEqualTo(img[18 + 4]);
    }

    @Test
    void jpegAndBmpFilesAreRead() throws Exception {
        Path root = tmp.resolve("mixed");
        DataFiles.write(root.resolve("a/1.jpg"), DataFiles.encode(DataFiles.image(8, 8, true, 1), "jpg"));
        DataFiles.write(root.resolve("b/1.BMP"), DataFiles.encode(DataFiles.image(8, 8, true, 2), "bmp"));
        LabeledImages data = Datasets.read(root);
        assertThat(data.size()).isEqualTo(2);
        assertThat(data.image(1)[0]).isEqualTo(((DataFiles.image(8, 8, true, 2).getRGB(0, 0) >> 16) & 0xff) / 255f);
    }

    @Test
    void anImageOfAnotherSizeIsNamedWithTheDeclaredSize() {
        Path root = DataFiles.imageFolder(tmp.resolve("s"), 2, 2, 6, 6, true);
        DataFiles.write(root.resolve("class_1/img_1.png"), DataFiles.encode(DataFiles.image(7, 6, true, 3), "png"));
        assertThatThrownBy(() -> Datasets.read(root))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("class_1/img_1.png is 7x6 (width x height) but the images must be 6x6")
                .hasMessageContaining("the size of the first image");
        assertThatThrownBy(() -> Datasets.read(root, DataRequest.auto().withImageShape(3, 32, 32)))
                .hasMessageContaining("img_0.png is 6x6 (width x height) but the images must be 32x32 (declared)");
    }

    @Test
    void aTruncatedImageIsNamed() {
        Path root = DataFiles.imageFolder(tmp.resolve("t"), 2, 1, 16, 16, true);
        byte[] png = DataFiles.encode(DataFiles.image(16, 16, true, 9), "png");
        DataFiles.write(root.resolve("class_0/img_0.png"), DataFiles.truncate(png, png.length / 2));
        assertThatThrownBy(() -> Datasets.read(root))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("class_0/img_0.png is unreadable or truncated")
                .hasMessageContaining("re-export it");
    }

    @Test
    void aTruncatedJpegIsNamedThoughImageIoOnlyWarns() {
        Path root = DataFiles.imageFolder(tmp.resolve("j"), 2, 1, 16, 16, true);
        byte[] jpg = DataFiles.encode(DataFiles.image(16, 16, true, 9), "jpg");
        DataFiles.write(root.resolve("class_0/x.jpg"), DataFiles.truncate(jpg, jpg.length - 40));
        assertThatThrownBy(() -> Datasets.read(root))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("class_0/x.jpg");
    }

    @Test
    void aFileThatIsNoImageIsNamed() {
        Path root = DataFiles.imageFolder(tmp.resolve("n"), 2, 1, 4, 4, true);
        DataFiles.write(root.resolve("class_1/fake.png"), "not an image".getBytes());
        assertThatThrownBy(() -> Datasets.read(root))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("class_1/fake.png is not a PNG, JPEG or BMP image");
    }

    @Test
    void anEmptyClassFolderIsNamed() throws Exception {
        Path root = DataFiles.imageFolder(tmp.resolve("e"), 2, 1, 4, 4, true);
        Files.createDirectories(root.resolve("class_9"));
        assertThatThrownBy(() -> Datasets.read(root))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("Class folder " + root.resolve("class_9") + " holds no image");
    }

    @Test
    void aColourImageAmongGreyOnesIsRefused() {
        Path root = DataFiles.imageFolder(tmp.resolve("c"), 2, 1, 4, 4, false);
        DataFiles.write(root.resolve("class_1/img_1.png"), DataFiles.encode(DataFiles.image(4, 4, true, 5), "png"));
        assertThatThrownBy(() -> Datasets.read(root))
                .hasMessageContaining("class_1/img_1.png has colour")
                .hasMessageContaining("declare 3 channels");
    }

    @Test
    void aMissingDeclaredClassFolderIsNamed() {
        Path root = DataFiles.imageFolder(tmp.resolve("m"), 2, 1, 4, 4, true);
        assertThatThrownBy(() -> Datasets.read(root, DataRequest.auto().withClassNames(List.of("class_0", "cat"))))
                .hasMessageContaining("no folder for declared class 'cat'");
    }

    @Test
    void aLargeFolderIsDecodedInParallelInFileOrderAndItsFirstBadFileIsNamed() throws Exception {
        Path root =
                DataFiles.imageFolder(tmp.resolve("large"), 2, ImageFolderReader.PARALLEL_FROM / 2 + 20, 4, 4, true);
        LabeledImages data = Datasets.read(root);
        assertThat(data.size()).isEqualTo(ImageFolderReader.PARALLEL_FROM + 40);
        // class_1/img_99.png sorts after img_98.png; files are sorted by name within a class
        List<String> names = new java.util.ArrayList<>();
        for (int i = 0; i < ImageFolderReader.PARALLEL_FROM / 2 + 20; i++) {
            names.add("img_" + i + ".png");
        }
        java.util.Collections.sort(names);
        int last = data.size() - 1;
        int seed = Integer.parseInt(names.get(names.size() - 1).replaceAll("\\D", ""));
        int rgb = DataFiles.image(4, 4, true, 31L + seed).getRGB(1, 2);
        assertThat(data.image(last)[2 * 4 + 1]).isEqualTo(((rgb >> 16) & 0xff) / 255f);
        DataFiles.write(root.resolve("class_1/img_5.png"), "broken".getBytes());
        DataFiles.write(root.resolve("class_1/img_50.png"), "broken".getBytes());
        assertThatThrownBy(() -> Datasets.read(root)).hasMessageContaining("class_1/img_5.png");
    }

    // ------------------------------------------------------------- CIFAR

    @Test
    void cifar10BatchesAreDetectedAndNamedFromTheMetaFile() throws Exception {
        Path dir = tmp.resolve("cifar-10-batches-bin");
        DataFiles.write(dir.resolve("test_batch.bin"), DataFiles.cifar(12, false, 1));
        DataFiles.write(
                dir.resolve("batches.meta.txt"),
                String.join("\n", CifarReader.CIFAR10_CLASSES).concat("\n\n").getBytes());
        assertThat(Datasets.detect(dir)).isEqualTo(DataFormat.CIFAR10);
        LabeledImages data = Datasets.read(dir);
        assertThat(data.name()).isEqualTo("CIFAR-10 test");
        assertThat(data.size()).isEqualTo(12);
        assertThat(data.classNames()).isEqualTo(CifarReader.CIFAR10_CLASSES);
        assertThat(data.label(11)).isEqualTo(1);
        byte[] raw = DataFiles.cifar(12, false, 1);
        assertThat(data.image(3)[1024 + 5]).isEqualTo((raw[3 * 3073 + 1 + 1024 + 5] & 0xff) / 255f);
    }

    @Test
    void theTrainingSplitJoinsTheFiveBatchesInOrder() throws Exception {
        Path dir = tmp.resolve("c10");
        for (int i = 1; i <= 5; i++) {
            DataFiles.write(dir.resolve("data_batch_" + i + ".bin"), DataFiles.cifar(2, false, i));
        }
        LabeledImages train = Datasets.read(dir, DataRequest.auto().withSplit(FashionMnist.Split.TRAIN));
        assertThat(train.size()).isEqualTo(10);
        assertThat(train.datasetIndex(9)).isEqualTo(9);
        assertThatThrownBy(() -> Datasets.read(dir)).hasMessageContaining("test_batch.bin is missing");
    }

    @Test
    void cifar100IsToldFromCifar10ByItsRecordSize() throws Exception {
        Path file = DataFiles.write(tmp.resolve("test.bin"), DataFiles.cifar(5, true, 2));
        assertThat(Datasets.detect(file)).isEqualTo(DataFormat.CIFAR100);
        assertThat(Datasets.detect(tmp)).isEqualTo(DataFormat.CIFAR100);
        LabeledImages data = Datasets.read(file);
        assertThat(data.numClasses()).isEqualTo(100);
        assertThat(data.classNames().get(4)).isEqualTo("beaver");
        assertThat(data.label(4)).isEqualTo(4);
    }

    @Test
    void aTruncatedCifarBatchIsNamedWithItsRecordSize() {
        Path file = DataFiles.write(
                tmp.resolve("test_batch.bin"), DataFiles.truncate(DataFiles.cifar(3, false, 1), 3 * 3073 - 10));
        assertThatThrownBy(() -> Datasets.read(file, DataFormat.CIFAR10))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("test_batch.bin holds 9209 bytes, not a whole number of 3073-byte records");
    }

    @Test
    void aCifar10LabelOfTenOrMoreIsNamed() {
        byte[] raw = DataFiles.cifar(3, false, 1);
        raw[3073] = 10;
        Path file = DataFiles.write(tmp.resolve("test_batch.bin"), raw);
        assertThatThrownBy(() -> Datasets.read(file, DataFormat.CIFAR10))
                .hasMessageContaining("record 1 has label 10, outside the 10 classes");
    }

    // ------------------------------------------------------------- NumPy

    @Test
    void numpysOwnNhwcUint8FilesAreReadAsNchwInTheUnitInterval() throws Exception {
        Path dir = resource("numpy-nhwc");
        assertThat(Datasets.detect(dir)).isEqualTo(DataFormat.NPY);
        LabeledImages data = Datasets.read(dir);
        assertThat(data.imageShape().getShape()).containsExactly(3, 5, 4);
        assertThat(data.classNames()).containsExactly("0", "1", "2");
        // x[1, 2, 3, :] == [200, 223, 122] (printed by make-fixtures.py)
        float[] img = data.image(1);
        assertThat(img[2 * 4 + 3]).isEqualTo(200 / 255f);
        assertThat(img[20 + 2 * 4 + 3]).isEqualTo(223 / 255f);
        assertThat(img[40 + 2 * 4 + 3]).isEqualTo(122 / 255f);
        LabeledImages same = Datasets.read(dir.resolve("x_test.npy"));
        assertThat(same.image(1)).isEqualTo(img);
    }

    @Test
    void numpysCompressedArchiveGivesFloatsAsTheyAreAndItsClassNames() throws Exception {
        Path file = resource("numpy-nchw.npz");
        assertThat(Datasets.detect(file)).isEqualTo(DataFormat.NPZ);
        LabeledImages data = Datasets.read(file);
        assertThat(data.name()).isEqualTo("numpy-nchw");
        assertThat(data.classNames()).containsExactly("cat", "dog");
        assertThat(data.imageShape().getShape()).containsExactly(3, 2, 2);
        assertThat(data.image(2)[4 + 1]).isCloseTo(0.4785272f, within(1e-6f));
        assertThat(data.valueRange()[0]).isLessThan(0f);
    }

    @Test
    void featureVectorsAreDataToo() throws Exception {
        LabeledImages data = Datasets.read(resource("tabular.npz"));
        assertThat(data.isImages()).isFalse();
        assertThat(data.imageShape().getShape()).containsExactly(7);
        assertThat(data.classNames()).hasSize(3);
        assertThat(data.stratified(3, 1).size()).isEqualTo(3);
        assertThat(data.shard(1, 2).size()).isEqualTo(2);
    }

    @Test
    void declaredLayoutAndShapeDecideAnAmbiguousArray() throws Exception {
        byte[] x = DataFiles.npy("|u1", new int[] {2, 3, 3, 3}, DataFiles.uint8(54, 1));
        Map<String, byte[]> arrays = new LinkedHashMap<>();
        arrays.put("images", x);
        arrays.put("labels", DataFiles.npy("<i8", new int[] {2}, DataFiles.cyclingLabels(2, 2)));
        Path file = DataFiles.write(tmp.resolve("a.npz"), DataFiles.npz(arrays, false));
        LabeledImages nchw = Datasets.read(file);
        LabeledImages nhwc = Datasets.read(file, DataRequest.auto().withLayout(DataRequest.Layout.NHWC));
        assertThat(nchw.image(0)[1]).isEqualTo(nhwc.image(0)[9]);
    }

    @Test
    void floatNanPixelsAreRefusedWithTheirPosition() {
        byte[] x = DataFiles.npy("<f4", new int[] {2, 2}, DataFiles.float32(0f, 1f, Float.NaN, 0f));
        DataFiles.write(tmp.resolve("images.npy"), x);
        DataFiles.write(tmp.resolve("labels.npy"), DataFiles.npy("<i8", new int[] {2}, DataFiles.int64(0, 1)));
        assertThatThrownBy(() -> Datasets.read(tmp.resolve("images.npy")))
                .hasMessageContaining("images.npy / labels.npy: value 2 is NaN");
    }

    @Test
    void aHeaderThatClaimsMoreThanTheFileHoldsIsRefusedBeforeAllocating() {
        byte[] x = DataFiles.npy("<f4", new int[] {100000, 3, 32, 32}, DataFiles.float32(1f));
        Path file = DataFiles.write(tmp.resolve("x.npy"), x);
        assertThatThrownBy(() -> new NpyReader().read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("claims more than 1073741824 bytes");
        byte[] small = DataFiles.npy("<f4", new int[] {10, 3}, DataFiles.float32(1f));
        DataFiles.write(file, small);
        assertThatThrownBy(() -> new NpyReader().read(file))
                .hasMessageContaining("header claims [10, 3] x 4 bytes = 120 data bytes but the file holds 4");
    }

    @Test
    void picklesAndFortranOrderAndFloatLabelsAreRefusedWithTheFix() {
        Path x = tmp.resolve("x.npy");
        DataFiles.write(x, DataFiles.npy("|O", new int[] {1}, new byte[8]));
        assertThatThrownBy(() -> new NpyReader().read(x)).hasMessageContaining("RobustUnit never unpickles");
        DataFiles.write(
                x, DataFiles.npyWithHeader("{'descr': '<f4', 'fortran_order': True, 'shape': (1,), }", new byte[4]));
        assertThatThrownBy(() -> new NpyReader().read(x)).hasMessageContaining("np.ascontiguousarray");
        DataFiles.write(x, DataFiles.npy("<f4", new int[] {2, 2}, DataFiles.float32(0, 0, 0, 0)));
        DataFiles.write(tmp.resolve("y.npy"), DataFiles.npy("<f4", new int[] {2}, DataFiles.float32(0, 1)));
        assertThatThrownBy(() -> Datasets.read(x)).hasMessageContaining("y.astype(np.int64)");
    }

    @Test
    void imagesAndLabelsOfDifferentCountsAreRefused() {
        DataFiles.write(tmp.resolve("x.npy"), DataFiles.npy("|u1", new int[] {3, 2}, new byte[6]));
        DataFiles.write(tmp.resolve("y.npy"), DataFiles.npy("<i8", new int[] {2}, DataFiles.int64(0, 1)));
        assertThatThrownBy(() -> Datasets.read(tmp)).hasMessageContaining("3 images but 2 labels");
    }

    @Test
    void aDamagedArchiveIsNamed() throws Exception {
        byte[] npz = Files.readAllBytes(resource("numpy-nchw.npz"));
        Path file = DataFiles.write(tmp.resolve("d.npz"), DataFiles.truncate(npz, npz.length - 30));
        assertThatThrownBy(() -> Datasets.read(file))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("d.npz");
    }

    // ------------------------------------------------------------- IDX and the rest

    @Test
    void anIdxFolderThatIsNotFashionMnistIsNamedAfterItsFolderWithNumberedClasses() throws Exception {
        Path mnist = tmp.resolve("mnist");
        IdxBytes.images(12, 4, 4, 10, 3).writeTo(mnist, "t10k", true);
        LabeledImages data = Datasets.read(mnist);
        assertThat(data.name()).isEqualTo("mnist test");
        assertThat(data.classNames()).containsExactly("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
        DataFiles.write(
                mnist.resolve("classes.txt"),
                "zero\none\ntwo\nthree\nfour\nfive\nsix\nseven\neight\nnine\n".getBytes());
        assertThat(Datasets.read(mnist).classNames().get(3)).isEqualTo("three");
        LabeledImages declared = Datasets.read(
                mnist,
                DataRequest.of(DataFormat.IDX)
                        .withName("MNIST test")
                        .withClassNames(List.of("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")));
        assertThat(declared.name()).isEqualTo("MNIST test");
        assertThat(declared.classNames().get(0)).isEqualTo("a");
    }

    @Test
    void aFashionMnistFolderKeepsItsNames() throws Exception {
        Path dir = tmp.resolve("fashion-mnist-small");
        IdxBytes.images(4, 3, 3, 10, 3).writeTo(dir, "t10k", false);
        LabeledImages data = Datasets.read(dir);
        assertThat(data.name()).isEqualTo("Fashion-MNIST test");
        assertThat(data.classNames()).isEqualTo(FashionMnist.CLASS_NAMES);
    }

    @Test
    void aDeclaredShapeThatTheDataDoesNotHaveSaysWhichSideToChange() {
        Path mnist = tmp.resolve("digits");
        IdxBytes.images(4, 28, 28, 10, 3).writeTo(mnist, "t10k", false);
        assertThatThrownBy(() -> Datasets.read(mnist, DataRequest.auto().withImageShape(3, 32, 32)))
                .hasMessageContaining("holds items of shape [1, 28, 28] but [3, 32, 32] is declared")
                .hasMessageContaining("change the declaration");
    }

    @Test
    void anExplicitFormatOverridesDetectionAndAMissingPathIsNamed() {
        Path root = DataFiles.imageFolder(tmp.resolve("i"), 2, 1, 4, 4, true);
        assertThatThrownBy(() -> Datasets.read(root, DataFormat.CIFAR10))
                .hasMessageContaining("test_batch.bin is missing");
        assertThatThrownBy(() -> Datasets.read(tmp.resolve("nowhere")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Datasets.read(DataFiles.write(tmp.resolve("x.csv"), new byte[3])))
                .hasMessageContaining("Cannot tell the format of data file");
        assertThat(DataFormat.parse("IMAGE_FOLDER")).isEqualTo(DataFormat.IMAGE_FOLDER);
        assertThat(DataFormat.parse("cifar100")).isEqualTo(DataFormat.CIFAR100);
        assertThatThrownBy(() -> DataFormat.parse("csv")).hasMessageContaining("auto|idx|image-folder");
    }
}
