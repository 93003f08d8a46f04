package io.robustunit.data;

/**
 * An IDX file is missing, truncated, or its header does not match its content. The message names
 * the file and what is wrong with it.
 */
public class IdxFormatException extends DataFormatException {

    private static final long serialVersionUID = 1L;

    public IdxFormatException(String message) {
        super(message);
    }

    public IdxFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
