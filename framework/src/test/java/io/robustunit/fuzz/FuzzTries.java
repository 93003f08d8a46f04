package io.robustunit.fuzz;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

/**
 * Sets every property's number of tries from the system property {@value #PROPERTY}, so that the
 * same fuzz properties run briefly in the suite and for millions of inputs on demand:
 *
 * <pre>
 * mvn -B -o test -pl framework -Dtest=IdxFuzzTest -Drobustunit.fuzz.tries=200000
 * </pre>
 *
 * Register it with {@code @AddLifecycleHook(FuzzTries.class)} on the test class. Without the system
 * property, each property's own {@code tries} apply.
 */
public final class FuzzTries implements AroundPropertyHook {

    public static final String PROPERTY = "robustunit.fuzz.tries";

    /** Registered on a test class, the hook applies to every property in it. */
    @Override
    public PropagationMode propagateTo() {
        return PropagationMode.ALL_DESCENDANTS;
    }

    @Override
    public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
        String configured = System.getProperty(PROPERTY);
        if (configured != null && !configured.isBlank()) {
            int tries;
            try {
                tries = Integer.parseInt(configured.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        PROPERTY + " must be a positive integer, was '" + configured + "'", e);
            }
            if (tries < 1) {
                throw new IllegalArgumentException(PROPERTY + " must be >= 1, was " + tries);
            }
            context.attributes().setTries(tries);
        }
        return property.execute();
    }
}
