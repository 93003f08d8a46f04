/**
 * JUnit Jupiter support: robustness gates as ordinary tests.
 *
 * <pre>{@code
 * @RobustnessTest
 * class ClassifierRobustnessTest {
 *
 *     @TrainedModel(resource = "models/fashion-mnist-natural.pt")
 *     static Classifier model;                               // loaded once for the class
 *
 *     @EvaluationData(limit = 1000, stratified = true, seed = 42)
 *     static LabeledImages test;                             // Fashion-MNIST test split
 *
 *     @ParameterizedTest
 *     @EpsilonSource(norm = Norm.LINF, values = {0.05, 0.1})
 *     void resistsPgd(ThreatModel threatModel) {
 *         assertThat(model).on(test).underAttack(Attacks.pgd(threatModel).steps(20))
 *                 .hasRobustAccuracyAtLeast(0.5);
 *     }
 * }
 * }</pre>
 *
 * <p><b>Lifecycle.</b> As with Testcontainers, a {@code static} field is loaded once per test class
 * and an instance field once per test; {@code @TrainedModel(shared = true)} on a static field loads
 * the model once per test run (in the root store) for every class that declares the same model.
 * Annotated parameters live as long as the context that resolves them. Models are closed by JUnit
 * when their store is closed. Only annotated fields and parameters are touched.
 *
 * <p><b>Evaluation cache.</b> The extension binds one
 * {@link io.robustunit.cache.EvaluationCache#configured() configured} evaluation cache per test class
 * to the thread of every test and lifecycle method, so an evaluation of the same (model, data,
 * attack, evaluator settings) runs once however many gates of the class read it, also when test
 * methods run concurrently. By default it persists robustness reports of models loaded from files in
 * {@code target/robustunit-cache}: a second build on an unchanged model file decides its gates
 * without attacking, and any change of the model file, the data, the attack or a version
 * re-evaluates ({@code -Drobustunit.cache=memory} keeps results in memory only,
 * {@code -Drobustunit.cache.dir=...} moves the folder, e.g. into a CI cache).
 *
 * <p><b>Parallel execution.</b> Safe without {@code @ResourceLock}: every RobustUnit component that
 * records gradients goes through {@link io.robustunit.model.GradientRecording}, which on PyTorch
 * records per thread (grad mode is thread-local; DJL's process-wide collector flag is bypassed), so
 * gates run concurrently, forward and backward; attack randomness is seeded per batch from dataset
 * indices, so reports are identical to a sequential run.
 */
package io.robustunit.junit5;
