package io.robustunit.model;

import static org.apiguardian.api.API.Status.STABLE;

import org.apiguardian.api.API;

/** A batch or a model output broke a classifier's {@link InputContract}. */
@API(status = STABLE, since = "0.1")
public class ModelContractException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ModelContractException(String message) {
        super(message);
    }
}
