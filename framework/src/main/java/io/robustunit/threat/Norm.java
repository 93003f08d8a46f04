package io.robustunit.threat;

import ai.djl.ndarray.NDArray;

/** The norm that measures a perturbation. */
public enum Norm {
    /** Largest absolute change of any input value. */
    LINF("Linf"),
    /** Euclidean length of the change. */
    L2("L2");

    private final String label;

    Norm(String label) {
        this.label = label;
    }

    /** Per-sample norm of a batch {@code [N, ...]} of perturbations, as {@code [N]}. */
    public NDArray of(NDArray delta) {
        NDArray flat = delta.reshape(delta.getShape().get(0), -1);
        return switch (this) {
            case LINF -> flat.abs().max(new int[] {1});
            case L2 -> flat.square().sum(new int[] {1}).sqrt();
        };
    }

    /** Parses "linf", "Linf", "inf", "l2" (case-insensitive). */
    public static Norm parse(String text) {
        String t = text.trim().toLowerCase(java.util.Locale.ROOT);
        return switch (t) {
            case "linf", "inf", "l_inf", "l-inf" -> LINF;
            case "l2", "2", "l_2" -> L2;
            default -> throw new IllegalArgumentException(
                    "unknown norm '" + text + "'; use linf or l2");
        };
    }

    @Override
    public String toString() {
        return label;
    }
}
