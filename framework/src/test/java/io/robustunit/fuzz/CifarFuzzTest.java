package io.robustunit.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.data.DataFiles;
import io.robustunit.data.DataFormat;
import io.robustunit.data.DataFormatException;
import io.robustunit.data.Datasets;
import io.robustunit.data.LabeledImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Fuzzes the CIFAR-10/100 reader (with format detection, and with an explicit format) and its meta
 * file: every input is read or rejected with {@link DataFormatException}, within time and an
 * allocation budget proportional to the input. Tries: {@code -Drobustunit.fuzz.tries=N}.
 */
@AddLifecycleHook(FuzzTries.class)
class CifarFuzzTest {

    /** Floats are 4 bytes per pixel byte; labels and the record buffer are small. */
    static final AllocationBudget BUDGET = AllocationBudget.proportional(1024 * 1024, 6, RealSize::bytes);

    static Path dir;
    static OutsideBytesContract<LabeledImages> detected;
    static OutsideBytesContract<LabeledImages> cifar10;
    static OutsideBytesContract<LabeledImages> withMeta;

    @BeforeContainer
    static void stage() throws IOException {
        dir = Files.createTempDirectory("cifar-fuzz");
        Path bin = dir.resolve("batch.bin");
        detected = contract(bytes -> {
            Files.write(bin, bytes);
            return () -> Datasets.read(bin);
        });
        Path folder = Files.createDirectories(dir.resolve("cifar-10-batches-bin"));
        Path test = folder.resolve("test_batch.bin");
        cifar10 = contract(bytes -> {
            Files.write(test, bytes);
            return () -> Datasets.read(folder, DataFormat.CIFAR10);
        });
        Path metaFolder = Files.createDirectories(dir.resolve("with-meta"));
        Files.write(metaFolder.resolve("test_batch.bin"), DataFiles.cifar(3, false, 1));
        Path meta = metaFolder.resolve("batches.meta.txt");
        withMeta = contract(bytes -> {
            Files.write(meta, bytes);
            return () -> Datasets.read(metaFolder);
        });
    }

    static OutsideBytesContract<LabeledImages> contract(OutsideBytesContract.Stager<LabeledImages> stager) {
        return OutsideBytesContract.<LabeledImages>builder()
                .setParser(stager)
                .setDocumentedFailure(DataFormatException.class)
                .optAllocationBudget(BUDGET)
                .optAcceptedCheck((input, data) -> {
                    assertThat(data.imageShape().getShape()).containsExactly(3, 32, 32);
                    for (int i = 0; i < data.size(); i++) {
                        assertThat(data.label(i)).isBetween(0, data.numClasses() - 1);
                    }
                })
                .optWarmUp(DataFiles.cifar(2, false, 0), DataFiles.cifar(2, true, 0), new byte[5])
                .build();
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        DataFuzz.deleteTree(dir);
    }

    @Property(tries = 300)
    void arbitraryBytesAreReadOrRejected(@ForAll @Size(max = 8192) byte[] input) {
        DataFuzz.collect(detected.check(input));
    }

    @Property(tries = 300)
    void mutatedBatchesAreReadOrRejected(
            @ForAll("records") int records,
            @ForAll boolean hundred,
            @ForAll("mutations") List<ByteMutation> mutations) {
        byte[] input = ByteMutation.applyAll(DataFiles.cifar(records, hundred, records), mutations);
        DataFuzz.collect(detected.check(input));
        DataFuzz.collect(cifar10.check(input));
    }

    @Property(tries = 300)
    void mutatedMetaFilesAreReadOrRejected(@ForAll("mutations") List<ByteMutation> mutations) {
        byte[] meta = String.join("\n", io.robustunit.data.CifarReader.CIFAR10_CLASSES)
                .getBytes();
        DataFuzz.collect(withMeta.check(ByteMutation.applyAll(meta, mutations)));
    }

    @Provide
    Arbitrary<Integer> records() {
        return Arbitraries.integers().between(1, 4);
    }

    @Provide
    Arbitrary<List<ByteMutation>> mutations() {
        return ByteMutation.mutations();
    }
}
