package io.robustunit.attack;

import io.robustunit.threat.ThreatModel;

/**
 * No perturbation at all: the clean images are scored as they are, so a report of this "attack"
 * has robust accuracy equal to clean accuracy. It backs gates that need no attack, such as
 * {@code assertThat(model).on(test).hasCleanAccuracyAtLeast(0.85)}, with the same per-sample,
 * per-class report as every other gate.
 */
final class NoAttack extends BatchAttack {

    NoAttack(ThreatModel threatModel) {
        super(threatModel, 0L);
    }

    @Override
    public String name() {
        return "no attack";
    }

    @Override
    public NoAttack withThreatModel(ThreatModel newThreatModel) {
        return new NoAttack(newThreatModel);
    }

    /** Nothing is random here; the seed is kept at 0. */
    @Override
    public NoAttack withSeed(long newSeed) {
        return this;
    }

    @Override
    public boolean needsGradients() {
        return false;
    }

    @Override
    void run(AttackRun run) {
        run.checkClean(run.allRows());
    }

    @Override
    public String toString() {
        return "no attack (clean images only)";
    }
}
