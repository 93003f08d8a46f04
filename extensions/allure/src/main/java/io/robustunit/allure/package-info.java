/**
 * Allure reports of robustness gates. With this module on the test classpath (next to an Allure
 * test-framework adapter such as {@code allure-junit5}), {@link io.robustunit.allure.AllureGateListener}
 * registers itself through {@link java.util.ServiceLoader} and turns every gate into an Allure step
 * with its parameters, status, labels and attachments (JSON report, robustness curve, adversarial
 * examples, per-class table).
 */
package io.robustunit.allure;
