package io.robustunit.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.robustunit.bench.MemoryTrace.Sample;
import io.robustunit.bench.MemoryTrace.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryTraceTest {

    private static Sample mib(long done, long residentMiB) {
        return new Sample(done, done, residentMiB * 1024, residentMiB << 20);
    }

    @Test
    void onlySamplesTakenAfterTheWarmUpAreJudged() {
        List<Sample> samples = List.of(mib(0, 100), mib(50, 250), mib(100, 300), mib(200, 320), mib(300, 310));

        Verdict v = MemoryTrace.judge(samples, 100, 0.10);

        assertThat(v.judged()).hasSize(3);
        assertThat(v.min().done()).isEqualTo(100);
        assertThat(v.max().done()).isEqualTo(200);
        assertThat(v.spread()).isCloseTo(20.0 / 300, within(1e-12));
        assertThat(v.pass()).isTrue();
        assertThat(MemoryTrace.judge(samples, 100, 0.05).pass())
                .as("6.7% against a 5% bound")
                .isFalse();
    }

    @Test
    void steadyGrowthFailsAndShowsAsTrend() {
        List<Sample> samples = new ArrayList<>();
        for (long done = 0; done <= 50_000; done += 1_000) {
            samples.add(mib(done, 500 + done / 1_000));
        }

        Verdict v = MemoryTrace.judge(samples, 5_000, 0.05);

        assertThat(v.trendMiBPer10k()).isCloseTo(10, within(1e-9));
        assertThat(v.spread()).isCloseTo(45.0 / 505, within(1e-12));
        assertThat(v.pass()).isFalse();
    }

    @Test
    void fewerThanTwoSamplesAfterTheWarmUpFail() {
        assertThat(MemoryTrace.judge(List.of(mib(0, 100), mib(100, 100)), 100, 0.1)
                        .pass())
                .isFalse();
        assertThat(MemoryTrace.judge(List.of(mib(0, 100)), 100, 0.1).pass()).isFalse();
    }

    @Test
    void printsATableAndTheVerdictOfThisProcess() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

        MemoryTrace trace = MemoryTrace.start(out, "images", 30, Duration.ofHours(1));
        for (int done = 10; done <= 30; done += 10) {
            trace.record(done);
        }
        Verdict v = trace.finish(0.1, 100);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertThat(text).startsWith(" elapsed      images  VmRSS MiB  heap MiB");
        assertThat(text.lines().filter(l -> l.matches(" +\\d+s +\\d+ +\\d+ +\\d+")))
                .as("rows: first and last")
                .hasSize(2);
        assertThat(v.judged()).hasSize(3);
        assertThat(text)
                .contains("warm-up: the first 3 of 30 images (10%); 3 samples after it")
                .contains("PASS: VmRSS after warm-up stays within 10000%");
    }
}
