package io.robustunit.assertj.error;

import org.assertj.core.error.BasicErrorMessageFactory;

/**
 * The shared base of the gate message factories: arguments are rendered as they are, never quoted
 * or reformatted by AssertJ's representation.
 */
abstract class GateMessages extends BasicErrorMessageFactory {

    GateMessages(String format, Object... arguments) {
        super(format, unquoted(arguments));
    }

    private static Object[] unquoted(Object[] arguments) {
        Object[] texts = new Object[arguments.length];
        for (int i = 0; i < arguments.length; i++) {
            texts[i] = unquotedString(String.valueOf(arguments[i]));
        }
        return texts;
    }
}
