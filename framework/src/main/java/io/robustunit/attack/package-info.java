/**
 * Adversarial attacks that search a {@link io.robustunit.threat.ThreatModel} ball for inputs a
 * {@link io.robustunit.model.Classifier} gets wrong: {@link io.robustunit.attack.Pgd},
 * {@link io.robustunit.attack.FastGradient} (FGSM/FGM), {@link io.robustunit.attack.Apgd}
 * (APGD-CE, APGD-T), {@link io.robustunit.attack.Square} and the
 * {@link io.robustunit.attack.AutoAttackEnsemble}, built with {@link io.robustunit.attack.Attacks}.
 *
 * <p>All attacks are immutable and seeded: randomness comes from {@link java.util.SplittableRandom}
 * generators derived from the attack's seed and the sample's dataset index
 * ({@link io.robustunit.random.Seeds}), never from DJL's global generator or the batch, so a
 * sample's result is independent of threads, batch size, batch composition and shard cuts. Gradients come
 * from {@link io.robustunit.model.Classifier#inputGradient}. Native memory is scoped per call and per
 * step; only the returned adversarial batch is attached to the caller's manager.
 */
package io.robustunit.attack;
