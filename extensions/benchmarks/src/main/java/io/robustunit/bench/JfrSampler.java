package io.robustunit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of the calling thread's stacks, sampled every 10 ms both while it runs Java code
 * ({@code jdk.ExecutionSample}) and while it waits in native code ({@code jdk.NativeMethodSample},
 * e.g. inside libtorch), summarised by {@link ProfileTable#classify}. PyTorch's intra-op worker
 * threads are not Java threads: their work shows as the calling thread's native time.
 */
final class JfrSampler implements AutoCloseable {

    private static final Duration PERIOD = Duration.ofMillis(10);

    private final Recording recording;
    private final long threadId;
    private boolean stopped;

    private JfrSampler(Recording recording, long threadId) {
        this.recording = recording;
        this.threadId = threadId;
    }

    static JfrSampler start() {
        Recording recording = new Recording();
        recording.enable("jdk.ExecutionSample").withPeriod(PERIOD).withStackTrace();
        recording.enable("jdk.NativeMethodSample").withPeriod(PERIOD).withStackTrace();
        recording.setToDisk(true);
        recording.start();
        return new JfrSampler(recording, Thread.currentThread().getId());
    }

    /** Stops the recording and classifies the calling thread's samples. */
    ProfileTable.Samples stop() throws IOException {
        recording.stop();
        stopped = true;
        Path file = Files.createTempFile("robustunit-ensemble-", ".jfr");
        try {
            recording.dump(file);
            ProfileTable.Samples samples = new ProfileTable.Samples();
            List<RecordedEvent> events = RecordingFile.readAllEvents(file);
            for (RecordedEvent event : events) {
                RecordedThread thread = event.getThread("sampledThread");
                if (thread == null || thread.getJavaThreadId() != threadId || event.getStackTrace() == null) {
                    continue;
                }
                boolean inNative = event.getEventType().getName().equals("jdk.NativeMethodSample");
                samples.add(event.getStackTrace().getFrames(), inNative);
            }
            return samples;
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public void close() {
        if (!stopped) {
            recording.stop();
        }
        recording.close();
    }
}
