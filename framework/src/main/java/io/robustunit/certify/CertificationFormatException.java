package io.robustunit.certify;

import static org.apiguardian.api.API.Status.EXPERIMENTAL;

import org.apiguardian.api.API;

/** A serialised certification report cannot be read; the message names the file and what is wrong. */
@API(status = EXPERIMENTAL, since = "0.1")
public class CertificationFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CertificationFormatException(String message) {
        super(message);
    }

    public CertificationFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
