package io.robustunit.allure.render;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.robustunit.gate.GateOutcome;
import org.apiguardian.api.API;

/** The gate's JSON (gate fields plus its embedded report or curve) as an attachment. */
@API(status = INTERNAL, since = "0.1")
public final class GateJson {

    /** The attachment's name. */
    public static final String NAME = "robustness report (JSON)";

    /** Renders {@link GateOutcome#toJson()}. */
    public RenderedAttachment render(GateOutcome outcome) {
        return RenderedAttachment.text(NAME, "application/json", "json", outcome.toJson());
    }
}
