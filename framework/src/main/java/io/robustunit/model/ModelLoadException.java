package io.robustunit.model;

import java.io.IOException;

/** A model file could not be loaded or does not behave as a classifier. The message names the file. */
public class ModelLoadException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
