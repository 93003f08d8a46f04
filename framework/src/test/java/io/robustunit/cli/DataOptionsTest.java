package io.robustunit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.robustunit.data.DataFiles;
import io.robustunit.data.FashionMnist;
import io.robustunit.data.LabeledImages;
import io.robustunit.model.InputContract;
import io.robustunit.model.Normalization;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data}, {@code --data-format} and the input contract options shared by the commands. */
class DataOptionsTest {

    static final Options OPTIONS =
            DataOptions.declare(Options.builder("evaluate"), "evaluation data").build();

    @TempDir
    Path tmp;

    static DataOptions parse(String... args) {
        return DataOptions.parse(OPTIONS.parse(List.of(args)));
    }

    @Test
    void anImageFolderIsReadWithTheDeclaredShapeAndTheContractHasTheDeclaredRangeAndNormalisation() throws Exception {
        Path root = DataFiles.imageFolder(tmp.resolve("eval"), 3, 2, 8, 8, false);
        DataOptions options = parse(
                "--data",
                root.toString(),
                "--channels",
                "3",
                "--size",
                "8x8",
                "--range",
                "0,1",
                "--mean",
                "0.5,0.5,0.5",
                "--std",
                "0.25,0.25,0.25");
        LabeledImages data = options.read("data", FashionMnist.Split.TEST);
        assertThat(data.imageShape().getShape()).containsExactly(3, 8, 8);
        InputContract contract = options.contract(data);
        assertThat(contract.numClasses()).isEqualTo(3);
        assertThat(contract.normalization())
                .isEqualTo(Normalization.of(new float[] {0.5f, 0.5f, 0.5f}, new float[] {0.25f, 0.25f, 0.25f}));
    }

    @Test
    void aContractFileDeclaresOnceAndTheCommandLineWins() throws Exception {
        Path file = Files.writeString(tmp.resolve("model.contract"), "channels=1\nsize=28\nrange=-1,1\n");
        DataOptions options = parse("--contract", file.toString(), "--range", "0,2");
        assertThat(options.range()).containsExactly(0f, 2f);
        assertThat(options.toString()).contains("channels 1, size 28x28");
        Files.writeString(file, "chanels=1\n");
        assertThatThrownBy(() -> parse("--contract", file.toString()))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("unknown key 'chanels'; valid keys: channels, size, range, mean, std");
        Files.writeString(file, "size=big\n");
        assertThatThrownBy(() -> parse("--contract", file.toString()))
                .hasMessageContaining(
                        "contract file " + file + ", key size: 'big' is not valid; expected HEIGHTxWIDTH");
    }

    @Test
    void badValuesNameTheOptionAndTheExpectedForm() {
        assertThatThrownBy(() -> parse("--range", "1,0"))
                .hasMessageContaining("option --range: '1,0' is not valid;" + " expected MIN,MAX with MIN < MAX");
        assertThatThrownBy(() -> parse("--mean", "0.5")).hasMessageContaining("--mean and --std go together");
        assertThatThrownBy(() -> parse("--mean", "0.5", "--std", "0")).hasMessageContaining("std finite and > 0");
        assertThatThrownBy(() -> parse("--data-format", "csv"))
                .hasMessageContaining(
                        "option --data-format: unknown data format 'csv'; use one of auto|idx|image-folder");
        assertThatThrownBy(() -> parse("--channels", "three")).hasMessageContaining("option --channels: 'three'");
    }

    @Test
    void aDeclaredShapeTheDataDoesNotHaveSaysWhichSideToChange() {
        Path root = DataFiles.imageFolder(tmp.resolve("grey"), 2, 1, 8, 8, false);
        assertThatThrownBy(() ->
                        parse("--data", root.toString(), "--channels", "3").read("data", FashionMnist.Split.TEST))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--channels 3 but " + root + " holds items of shape [1, 8, 8]")
                .hasMessageContaining("converted from grey to RGB when --size is declared too");
        assertThatThrownBy(() -> parse("--data", root.toString(), "--channels", "1", "--size", "28x28")
                        .read("data", FashionMnist.Split.TEST))
                .hasMessageContaining("img_0.png is 8x8 (width x height) but the images must be 28x28 (declared)");
    }
}
