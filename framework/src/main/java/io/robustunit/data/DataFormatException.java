package io.robustunit.data;

import static org.apiguardian.api.API.Status.STABLE;

import java.io.IOException;
import org.apiguardian.api.API;

/**
 * A data file or folder is missing, unreadable, truncated, or does not hold what its format
 * promises. The message names the file and the fix.
 */
@API(status = STABLE, since = "0.1")
public class DataFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
