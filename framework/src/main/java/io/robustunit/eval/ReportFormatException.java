package io.robustunit.eval;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * A serialised report cannot be read: not JSON, a wrong format or version, a missing or invalid
 * field, or a summary that contradicts the per-sample outcomes. The message names what is wrong.
 */
@API(status = STABLE, since = "0.1")
public class ReportFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ReportFormatException(String message) {
        super(message);
    }

    public ReportFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
