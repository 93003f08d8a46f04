package io.robustunit.certify;

/** A serialised certification report cannot be read; the message names the file and what is wrong. */
public class CertificationFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CertificationFormatException(String message) {
        super(message);
    }

    public CertificationFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
