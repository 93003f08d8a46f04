package io.robustunit.data;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/**
 * An IDX file is missing, truncated, or its header does not match its content. The message names
 * the file and what is wrong with it.
 */
@API(status = STABLE, since = "0.1")
public class IdxFormatException extends DataFormatException {

    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
