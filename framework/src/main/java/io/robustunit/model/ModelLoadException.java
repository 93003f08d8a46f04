package io.robustunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.IOException;
import org.apiguardian.api.API;

/** A model file could not be loaded or does not behave as a classifier. The message names the file. */
@API(status = STABLE, since = "0.1")
public class ModelLoadException extends IOException {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
