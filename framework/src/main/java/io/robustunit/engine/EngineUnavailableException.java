package io.robustunit.engine;

/** The deep-learning engine RobustUnit needs could not be loaded or is not supported. */
public class EngineUnavailableException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EngineUnavailableException(String message) {
        super(message);
    }

    public EngineUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
