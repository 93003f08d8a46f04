package io.robustunit.engine;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** The deep-learning engine RobustUnit needs could not be loaded or is not supported. */
@API(status = STABLE, since = "0.1")
public class EngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
