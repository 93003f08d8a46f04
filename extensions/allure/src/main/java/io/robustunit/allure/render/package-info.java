/**
 * Renderers: each turns one data object (a gate, a robustness curve, retained adversarial examples,
 * a report's per-class numbers) into a {@link io.robustunit.allure.render.RenderedAttachment} (bytes,
 * MIME type, file extension). They know nothing of Allure and are tested on their own.
 */
package io.robustunit.allure.render;
