package io.robustunit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackResult;
import io.robustunit.data.LabeledImages;
import io.robustunit.eval.Toy.OverwriteAttack;
import io.robustunit.eval.Toy.PixelClassifier;
import io.robustunit.eval.Toy.RecordingAttack;
import io.robustunit.eval.Toy.ShiftAttack;
import io.robustunit.model.Classifier;
import io.robustunit.threat.ThreatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RobustnessEvaluatorTest {

    final PixelClassifier model = new PixelClassifier();
    final LabeledImages data = Toy.data();
    final RobustnessEvaluator evaluator =
            RobustnessEvaluator.builder().batchSize(4).build();

    @Test
    void countsRatesPerClassNumbersAndOutcomesMatchTheToyWorldWorkedOutByHand() {
        RobustnessReport r = evaluator.evaluate(model, data, ShiftAttack.of(0.1));

        assertThat(r.sampleCount()).isEqualTo(6);
        assertThat(r.cleanCorrectCount()).isEqualTo(5);
        assertThat(r.cleanAccuracy()).isEqualTo(5 / 6.0);
        assertThat(r.robustCount()).isEqualTo(2);
        assertThat(r.robustAccuracy()).isEqualTo(2 / 6.0);
        assertThat(r.brokenCount()).isEqualTo(3);
        assertThat(r.misclassifiedCleanCount()).isEqualTo(1);
        assertThat(r.attackSuccessRate()).isEqualTo(3 / 5.0);
        assertThat(r.perClass())
                .containsExactly(
                        new ClassAccuracy(0, "zero", 2, 2, 1),
                        new ClassAccuracy(1, "one", 2, 1, 0),
                        new ClassAccuracy(2, "two", 2, 2, 1));

        assertThat(r.outcomes()).extracting(SampleOutcome::datasetIndex).containsExactly(10, 11, 12, 13, 14, 15);
        assertThat(r.outcomes())
                .extracting(SampleOutcome::verdict)
                .containsExactly(
                        Verdict.ROBUST,
                        Verdict.BROKEN,
                        Verdict.BROKEN,
                        Verdict.MISCLASSIFIED_CLEAN,
                        Verdict.ROBUST,
                        Verdict.BROKEN);
        SampleOutcome fifteen = r.outcome(15);
        assertThat(fifteen.trueLabel()).isEqualTo(2);
        assertThat(fifteen.cleanPrediction()).isEqualTo(2);
        assertThat(fifteen.adversarialPrediction()).isEqualTo(1);
        assertThat(fifteen.brokenBy()).isEqualTo(ShiftAttack.of(0.1).toString());
        assertThat(r.outcome(13).adversarialPrediction()).isZero();
        assertThat(r.outcome(10).brokenBy()).isNull();

        assertThat(r.meanPerturbationNorm()).isCloseTo(0.1, within(1e-6));
        assertThat(r.maxPerturbationNorm()).isCloseTo(0.1, within(1e-6));
        assertThat(r.isValid()).isTrue();
        assertThat(r.modelName()).isEqualTo("pixel-argmax");
        assertThat(r.datasetName()).isEqualTo("toy");
        assertThat(r.attackName()).isEqualTo("Shift");
        assertThat(r.threatModel()).isEqualTo(ThreatModel.linf(0.1));
        assertThat(r.modelSha256()).isEmpty();
    }

    @Test
    void perturbationNormsAreMeasuredInTheThreatModelsNorm() {
        RobustnessReport r = evaluator.evaluate(model, data, new ShiftAttack(ThreatModel.l2(0.2), 0, 0.5, null));

        assertThat(r.outcomes())
                .allSatisfy(o -> assertThat(o.perturbationNorm()).isCloseTo(Math.sqrt(2) * 0.1, within(1e-6)));
        assertThat(r.isValid()).isTrue();
    }

    @Test
    void anAttackThatChangesNothingLeavesRobustAccuracyAtCleanAccuracy() {
        RobustnessReport r = evaluator.evaluate(model, data, ShiftAttack.of(0.0));

        assertThat(r.robustCount()).isEqualTo(r.cleanCorrectCount()).isEqualTo(5);
        assertThat(r.attackSuccessRate()).isZero();
        assertThat(r.maxPerturbationNorm()).isZero();
    }

    @Test
    void theAttacksOwnAttributionIsKeptForBrokenSamplesOnly() {
        RobustnessReport r = evaluator.evaluate(model, data, new ShiftAttack(ThreatModel.linf(0.1), 0, 1, "member B"));

        assertThat(r.outcomes(Verdict.BROKEN))
                .extracting(SampleOutcome::brokenBy)
                .containsOnly("member B");
        assertThat(r.outcomes(Verdict.ROBUST))
                .extracting(SampleOutcome::brokenBy)
                .containsOnlyNulls();
    }

    @Test
    void examplesOutsideTheBallAreFindingsAndAreScoredOnTheirProjection() {
        RobustnessReport overshoot =
                evaluator.evaluate(model, data, new ShiftAttack(ThreatModel.linf(0.1), 0, 3, null));
        RobustnessReport projected = evaluator.evaluate(model, data, ShiftAttack.of(0.1));

        assertThat(overshoot.isValid()).isFalse();
        assertThat(overshoot.validityFindings())
                .extracting(ValidityFinding::kind)
                .containsOnly(ValidityFinding.Kind.OUTSIDE_BALL);
        assertThat(overshoot.validityFindings())
                .extracting(ValidityFinding::datasetIndex)
                .containsExactly(10, 11, 12, 13, 14, 15);
        ValidityFinding first = overshoot.validityFindings().get(0);
        assertThat(first.value()).isCloseTo(0.3, within(1e-6));
        assertThat(first.limit()).isEqualTo(0.1);
        assertThat(overshoot.outcomes())
                .extracting(SampleOutcome::adversarialPrediction)
                .containsExactlyElementsOf(projected.outcomes().stream()
                        .map(SampleOutcome::adversarialPrediction)
                        .toList());
        assertThat(overshoot.maxPerturbationNorm()).isCloseTo(0.1, within(1e-6));
    }

    @Test
    void valuesOutsideTheInputRangeAndNonFiniteValuesAreFindings() {
        RobustnessReport outside = evaluator.evaluate(model, data, new OverwriteAttack(ThreatModel.linf(1.0), 0, 1.5f));
        RobustnessReport nan =
                evaluator.evaluate(model, data, new OverwriteAttack(ThreatModel.linf(0.1), 0, Float.NaN));

        assertThat(outside.validityFindings())
                .extracting(ValidityFinding::kind)
                .contains(ValidityFinding.Kind.OUTSIDE_RANGE);
        assertThat(outside.validityFindings().get(0).detail()).contains("outside the input range");
        assertThat(outside.maxPerturbationNorm()).isLessThanOrEqualTo(1.0 + 1e-6);
        assertThat(nan.validityFindings())
                .hasSize(6)
                .extracting(ValidityFinding::kind)
                .containsOnly(ValidityFinding.Kind.NOT_FINITE);
        assertThat(nan.robustCount()).as("scored on the clean input").isEqualTo(5);
    }

    @Test
    void anAttackReturningTheWrongShapeFailsNamingTheAttack() {
        Attack broken = new DelegatingAttack(ShiftAttack.of(0.1)) {
            @Override
            public AttackResult perturb(Classifier m, NDArray x, NDArray y, int[] indices) {
                return new AttackResult(x.get("0:1").duplicate(), new String[1]);
            }
        };

        assertThatThrownBy(() -> evaluator.evaluate(model, data, broken))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("attack Shift(")
                .hasMessageContaining("one example per input");
    }

    @Test
    void theAttackGetsEachSamplesDatasetIndexWhateverTheThreadCount() {
        RecordingAttack sequential = RecordingAttack.create();
        RecordingAttack parallel = RecordingAttack.create();

        RobustnessReport one =
                RobustnessEvaluator.builder().batchSize(2).build().evaluate(model, data, sequential);
        RobustnessReport three = RobustnessEvaluator.builder()
                .batchSize(2)
                .parallelism(3)
                .build()
                .evaluate(model, data, parallel);

        Set<List<Integer>> expected = Set.of(List.of(10, 11), List.of(12, 13), List.of(14, 15));
        assertThat(sequential.batches()).isEqualTo(parallel.batches()).isEqualTo(expected);
        assertThat(three.outcomes()).isEqualTo(one.outcomes());
    }

    @Test
    void everyBatchRunsInItsOwnNativeScopeThatIsClosedAfterwards() {
        RecordingAttack attack = RecordingAttack.create();

        RobustnessEvaluator.builder().batchSize(2).build().evaluate(model, data, attack);

        assertThat(attack.managers()).hasSize(3).noneMatch(NDManager::isOpen);
    }

    @Test
    void theReportOfADeterministicAttackDoesNotDependOnTheBatchSize() {
        RobustnessReport byOne =
                RobustnessEvaluator.builder().batchSize(1).build().evaluate(model, data, ShiftAttack.of(0.1));
        RobustnessReport all =
                RobustnessEvaluator.builder().batchSize(100).build().evaluate(model, data, ShiftAttack.of(0.1));

        assertThat(byOne.outcomes()).isEqualTo(all.outcomes());
    }

    @Test
    void theFirstBrokenSamplesAreKeptWithTheirCleanAndAdversarialPixels() {
        RobustnessReport r = evaluator.evaluate(model, data, ShiftAttack.of(0.1));

        assertThat(r.examples()).extracting(AdversarialExample::datasetIndex).containsExactly(11, 12, 15);
        AdversarialExample twelve = r.examples().get(1);
        assertThat(twelve.trueLabel()).isEqualTo(1);
        assertThat(twelve.cleanPrediction()).isEqualTo(1);
        assertThat(twelve.adversarialPrediction()).isEqualTo(2);
        assertThat(twelve.shape()).containsExactly(1, 1, 3);
        assertThat(twelve.original()).containsExactly(0.0f, 0.6f, 0.5f);
        assertThat(twelve.adversarial()).containsExactly(new float[] {0.0f, 0.5f, 0.6f}, within(1e-6f));
    }

    @Test
    void retainedExamplesAreLimitedAcrossBatchesAndCanBeSwitchedOff() {
        RobustnessReport two = RobustnessEvaluator.builder()
                .batchSize(1)
                .retainExamples(2)
                .build()
                .evaluate(model, data, ShiftAttack.of(0.1));
        RobustnessReport none =
                RobustnessEvaluator.builder().retainExamples(0).build().evaluate(model, data, ShiftAttack.of(0.1));

        assertThat(two.examples()).extracting(AdversarialExample::datasetIndex).containsExactly(11, 12);
        assertThat(none.examples()).isEmpty();
        assertThatThrownBy(() -> RobustnessEvaluator.builder().retainExamples(-1))
                .hasMessage("retainExamples must be >= 0, was -1");
    }

    @Test
    void retainedExamplesStayOutOfTheJsonAndOutOfEquality() {
        RobustnessReport r = evaluator.evaluate(model, data, ShiftAttack.of(0.1));

        RobustnessReport back = RobustnessReport.fromJson(r.toJson());

        assertThat(r.toJson()).doesNotContain("examples");
        assertThat(back.examples()).isEmpty();
        assertThat(back).isEqualTo(r);
    }

    @Test
    void mergedShardsGiveTheSameReportAsTheWhole() {
        Attack attack = ShiftAttack.of(0.1);
        RobustnessReport whole = evaluator.evaluate(model, data, attack);
        RobustnessReport even = evaluator.evaluateShard(model, data, attack, 0, 2);
        RobustnessReport odd = evaluator.evaluateShard(model, data, attack, 1, 2);

        RobustnessReport merged = RobustnessReport.merge(odd, even);

        assertThat(even.sampleCount()).isEqualTo(3);
        assertThat(even.shard()).contains(new Shard(0, 2, "10-15"));
        assertThat(even.dataFingerprint()).isEqualTo(whole.dataFingerprint()).isPresent();
        assertThat(whole.numerics()).contains(io.robustunit.model.FixedRowBatches.numerics());
        assertThat(merged).usingRecursiveComparison().ignoringFields("wallTime").isEqualTo(whole);
        RobustnessReport parts = RobustnessReport.merge(
                evaluator.evaluate(model, data.shard(0, 2), attack),
                evaluator.evaluate(model, data.shard(1, 2), attack));
        assertThat(parts.outcomes()).isEqualTo(whole.outcomes());
        assertThat(parts.dataFingerprint())
                .as("parts evaluated as wholes: union unknown")
                .isEmpty();
        assertThat(merged.robustAccuracyInterval(0.95)).isEqualTo(whole.robustAccuracyInterval(0.95));
        assertThat(merged.wallTime()).isEqualTo(even.wallTime().plus(odd.wallTime()));
    }

    @Test
    void mergingDifferentEvaluationsOrOverlappingShardsIsRefused() {
        RobustnessReport a = evaluator.evaluate(model, data.shard(0, 2), ShiftAttack.of(0.1));
        RobustnessReport b = evaluator.evaluate(model, data.shard(1, 2), ShiftAttack.of(0.2));
        RobustnessReport c = evaluator.evaluate(model, data.first(2), ShiftAttack.of(0.1));

        assertThatThrownBy(() -> RobustnessReport.merge(a, b))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("different evaluations")
                .hasMessageContaining("threat model Linf eps=0.100 vs Linf eps=0.200");
        assertThatThrownBy(() -> RobustnessReport.merge(a, c))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dataset index 10 is in report 0 and in report 1")
                .hasMessageContaining("disjoint shards");
    }

    @Test
    void listenersSeeStartProgressAfterEachBatchAndTheFinishedReport() {
        List<EvaluationProgress> events = new ArrayList<>();
        List<RobustnessReport> finished = new ArrayList<>();
        EvaluationListener listener = new EvaluationListener() {
            @Override
            public void started(EvaluationProgress p) {
                events.add(p);
            }

            @Override
            public void progressed(EvaluationProgress p) {
                events.add(p);
            }

            @Override
            public void finished(RobustnessReport report) {
                finished.add(report);
            }
        };
        RobustnessReport report = RobustnessEvaluator.builder()
                .batchSize(2)
                .listener(listener)
                .build()
                .evaluate(model, data, ShiftAttack.of(0.1));

        assertThat(events).extracting(EvaluationProgress::samplesDone).containsExactly(0, 2, 4, 6);
        assertThat(events).extracting(EvaluationProgress::totalSamples).containsOnly(6);
        assertThat(events).extracting(EvaluationProgress::robustSoFar).containsExactly(0, 1, 1, 2);
        assertThat(events).extracting(EvaluationProgress::cleanCorrectSoFar).containsExactly(0, 2, 3, 5);
        assertThat(events.get(0).eta()).isEmpty();
        assertThat(events.get(1).eta()).isPresent();
        assertThat(events.get(3).finished()).isTrue();
        assertThat(events.get(3).attackDescription())
                .isEqualTo(ShiftAttack.of(0.1).toString());
        assertThat(finished).containsExactly(report);
    }

    @Test
    void aFailingListenerDoesNotChangeTheReport() {
        RobustnessReport quiet = evaluator.evaluate(model, data, ShiftAttack.of(0.1));
        RobustnessReport noisy = RobustnessEvaluator.builder()
                .batchSize(4)
                .listener(p -> {
                    throw new IllegalStateException("listener bug");
                })
                .build()
                .evaluate(model, data, ShiftAttack.of(0.1));

        assertThat(noisy).usingRecursiveComparison().ignoringFields("wallTime").isEqualTo(quiet);
    }

    @Test
    void theModelIdentityGivenByTheCallerIsReported() {
        String sha = "ab".repeat(32);
        RobustnessReport r = RobustnessEvaluator.builder()
                .modelName("fashion.pt")
                .modelSha256(sha)
                .build()
                .evaluate(model, data, ShiftAttack.of(0.1));

        assertThat(r.modelName()).isEqualTo("fashion.pt");
        assertThat(r.modelSha256()).contains(sha);
        assertThatThrownBy(() -> RobustnessEvaluator.builder().modelSha256("abc"))
                .hasMessageContaining("modelSha256 must be 64 hex digits");
    }

    @Test
    void dataThatDoesNotFitTheModelIsRejectedBeforeAnyWork() {
        LabeledImages fourClasses = LabeledImages.of(
                "four", new int[] {1, 1, 3}, List.of("a", "b", "c", "d"), new float[3], new int[] {3}, null);
        LabeledImages wrongShape =
                LabeledImages.of("wide", new int[] {1, 1, 4}, Toy.CLASSES, new float[4], new int[] {0}, null);

        assertThatThrownBy(() -> evaluator.evaluate(model, data.first(0), ShiftAttack.of(0.1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("toy is empty");
        assertThatThrownBy(() -> evaluator.evaluate(model, fourClasses, ShiftAttack.of(0.1)))
                .hasMessageContaining("has 3 classes but four has 4");
        assertThatThrownBy(() -> evaluator.evaluate(model, wrongShape, ShiftAttack.of(0.1)))
                .hasMessageContaining("expects inputs of shape (1, 1, 3)")
                .hasMessageContaining("(1, 1, 4)");
        assertThatThrownBy(() -> RobustnessEvaluator.builder().batchSize(0))
                .hasMessageContaining("batchSize must be >= 1, was 0");
    }

    @Test
    void aSweepEvaluatesEachEpsilonAndOrdersTheCurve() {
        RobustnessCurve curve = evaluator.sweep(model, data, ShiftAttack.of(0.1), 0.5, 0.0, 0.1);

        assertThat(curve.epsilons()).containsExactly(0.0, 0.1, 0.5);
        assertThat(curve.reports()).extracting(RobustnessReport::robustCount).containsExactly(5, 2, 0);
        assertThat(curve.at(0.1).attackDescription()).contains("eps=0.100");
        assertThat(curve.robustAccuracies()).containsExactly(5 / 6.0, 2 / 6.0, 0.0);
        assertThat(RobustnessCurve.fromJson(curve.toJson())).isEqualTo(curve);
        assertThatThrownBy(() -> evaluator.sweep(model, data, ShiftAttack.of(0.1), 0.1, 0.1))
                .hasMessageContaining("epsilon 0.1 is given twice");
        assertThatThrownBy(() -> curve.at(0.2)).hasMessageContaining("no report at epsilon 0.2");
    }

    /** Forwards everything to another attack; tests override {@code perturb}. */
    abstract static class DelegatingAttack implements Attack {
        final Attack inner;

        DelegatingAttack(Attack inner) {
            this.inner = inner;
        }

        @Override
        public String name() {
            return inner.name();
        }

        @Override
        public ThreatModel threatModel() {
            return inner.threatModel();
        }

        @Override
        public Attack withThreatModel(ThreatModel tm) {
            return inner.withThreatModel(tm);
        }

        @Override
        public long seed() {
            return inner.seed();
        }

        @Override
        public Attack withSeed(long seed) {
            return inner.withSeed(seed);
        }

        @Override
        public boolean needsGradients() {
            return inner.needsGradients();
        }

        @Override
        public String toString() {
            return inner.toString();
        }
    }
}
