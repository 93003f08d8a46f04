package io.robustunit.allure.render;

import io.robustunit.gate.GateOutcome;

/** The gate's JSON (gate fields plus its embedded report or curve) as an attachment. */
public final class GateJson {

    /** The attachment's name. */
    public static final String NAME = "robustness report (JSON)";

    /** Renders {@link GateOutcome#toJson()}. */
    public RenderedAttachment render(GateOutcome outcome) {
        return RenderedAttachment.text(NAME, "application/json", "json", outcome.toJson());
    }
}
