package io.robustunit.model;

/** A batch or a model output broke a classifier's {@link InputContract}. */
public class ModelContractException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public ModelContractException(String message) {
        super(message);
    }
}
