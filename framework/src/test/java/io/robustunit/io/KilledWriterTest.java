package io.robustunit.io;

import static org.assertj.core.api.Assertions.assertThat;

import io.robustunit.testing.ChildJvm;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A writer killed with SIGKILL in the middle of {@link AtomicFiles#write} never leaves a truncated
 * target, and the temporary file it leaves behind is deleted by the next write to the same target,
 * but only once its writer is dead.
 */
class KilledWriterTest {

    private static final int CHUNK = 1 << 20;
    private static final int CHUNKS = 16;
    private static final int CHUNKS_BEFORE_KILL = 4;
    private static final String WRITING = "WRITING";

    @TempDir
    Path dir;

    private Process writer;

    /**
     * Child JVM: writes {@code CHUNKS} chunks of {@code fill} bytes to {@code target} through
     * {@link AtomicFiles}; after {@code CHUNKS_BEFORE_KILL} of them it prints {@value #WRITING} and
     * waits to be killed.
     */
    public static void main(String[] args) throws Exception {
        Path target = Path.of(args[0]);
        byte fill = Byte.parseByte(args[1]);
        AtomicFiles.write(target, out -> {
            byte[] chunk = new byte[CHUNK];
            Arrays.fill(chunk, fill);
            for (int i = 0; i < CHUNKS; i++) {
                out.write(chunk);
                if (i + 1 == CHUNKS_BEFORE_KILL) {
                    System.out.println(WRITING);
                    System.out.flush();
                    sleepUntilKilled();
                }
            }
        });
        System.out.println("FINISHED, which the test never lets happen");
    }

    @AfterEach
    void killWriter() {
        if (writer != null) {
            writer.destroyForcibly();
        }
    }

    @Test
    void aWriterKilledBeforeItsFirstWriteCompletesLeavesNoTarget() throws Exception {
        Path target = dir.resolve("model.pt");

        startWriterAndWaitUntilItIsMidway(target, (byte) 7);
        kill();

        assertThat(target).doesNotExist();
        Path leftover = theOnlyTemporaryFileOf(target);
        assertThat(Files.size(leftover))
                .as("the bytes written before the kill")
                .isEqualTo((long) CHUNKS_BEFORE_KILL * CHUNK);
    }

    @Test
    void aWriterKilledWhileOverwritingLeavesThePreviousContentComplete() throws Exception {
        Path target = dir.resolve("report.json");
        byte[] previous = bytes(3 * CHUNK + 17, (byte) 1);
        AtomicFiles.write(target, previous);

        startWriterAndWaitUntilItIsMidway(target, (byte) 2);
        kill();

        assertThat(Files.readAllBytes(target)).isEqualTo(previous);
        assertThat(Files.size(theOnlyTemporaryFileOf(target))).isEqualTo((long) CHUNKS_BEFORE_KILL * CHUNK);
    }

    @Test
    void theNextWriteDeletesTheTemporaryFileOfAKilledWriterOfTheSameTargetOnly() throws Exception {
        Path target = dir.resolve("baseline.json");
        startWriterAndWaitUntilItIsMidway(target, (byte) 3);
        kill();
        Path leftover = theOnlyTemporaryFileOf(target);
        Path otherTargets = Files.writeString(dir.resolve(".baseline.json.1.0abc.tmp"), "not ours");

        AtomicFiles.writeString(target, "complete");

        assertThat(target).hasContent("complete");
        assertThat(leftover).doesNotExist();
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactlyInAnyOrder(target, otherTargets);
        }
    }

    @Test
    void theTemporaryFileOfAWriterInAnotherLiveProcessIsLeftAlone() throws Exception {
        Path target = dir.resolve("curve.json");
        startWriterAndWaitUntilItIsMidway(target, (byte) 4);
        Path live = theOnlyTemporaryFileOf(target);

        AtomicFiles.writeString(target, "written meanwhile");

        assertThat(target).hasContent("written meanwhile");
        assertThat(live).as("the live writer's temporary file").exists();
        assertThat(AtomicFiles.deleteAbandonedTemporaryFiles(target)).isEmpty();
        kill();
        assertThat(AtomicFiles.deleteAbandonedTemporaryFiles(target)).containsExactly(live);
    }

    @Test
    void theTemporaryFileOfAnotherThreadWritingTheSameTargetIsLeftAlone() throws Exception {
        Path target = dir.resolve("summary.md");
        CountDownLatch midway = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> slow = thread.submit(() -> {
                AtomicFiles.write(target, out -> {
                    out.write("slow ".getBytes(StandardCharsets.UTF_8));
                    midway.countDown();
                    await(resume);
                    out.write("writer".getBytes(StandardCharsets.UTF_8));
                });
                return null;
            });
            assertThat(midway.await(1, TimeUnit.MINUTES)).isTrue();

            AtomicFiles.writeString(target, "fast writer");
            assertThat(target).hasContent("fast writer");
            resume.countDown();
            slow.get(1, TimeUnit.MINUTES);
        } finally {
            thread.shutdownNow();
        }

        assertThat(target).hasContent("slow writer");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).containsExactly(target);
        }
    }

    @Test
    void aContentWriterThatClosesItsStreamStillGetsItsContentWritten() throws Exception {
        Path target = dir.resolve("closed.bin");

        AtomicFiles.write(target, out -> {
            try (OutputStream own = out) {
                own.write(new byte[] {1, 2, 3});
            }
        });

        assertThat(Files.readAllBytes(target)).containsExactly(1, 2, 3);
    }

    private void startWriterAndWaitUntilItIsMidway(Path target, byte fill) throws IOException {
        writer = ChildJvm.builder(KilledWriterTest.class, target.toString(), Byte.toString(fill))
                .start();
        BufferedReader output =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        for (String line = output.readLine(); line != null; line = output.readLine()) {
            if (line.equals(WRITING)) {
                return;
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the writer ended before writing midway; its output:\n" + seen);
    }

    private void kill() throws InterruptedException {
        writer.destroyForcibly();
        assertThat(writer.waitFor(1, TimeUnit.MINUTES))
                .as("killed writer exited")
                .isTrue();
        assertThat(writer.exitValue()).as("exit code of a SIGKILLed JVM").isEqualTo(128 + 9);
    }

    private Path theOnlyTemporaryFileOf(Path target) throws IOException {
        String prefix = "." + target.getFileName() + ".";
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> temporary = files.filter(f -> f.getFileName().toString().startsWith(prefix)
                            && f.getFileName().toString().endsWith(".tmp"))
                    .toList();
            assertThat(temporary).hasSize(1);
            return temporary.get(0);
        }
    }

    private static byte[] bytes(int length, byte fill) {
        byte[] b = new byte[length];
        Arrays.fill(b, fill);
        return b;
    }

    private static void sleepUntilKilled() {
        try {
            Thread.sleep(TimeUnit.MINUTES.toMillis(10));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("not killed within 10 minutes");
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(1, TimeUnit.MINUTES)) {
                throw new IllegalStateException("not resumed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
