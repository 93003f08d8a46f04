package com.example;

import io.robustunit.eval.RobustnessReport;
import io.robustunit.eval.SampleOutcome;
import io.robustunit.gate.GateListeners;
import io.robustunit.gate.GateOutcome;
import io.robustunit.gate.GateStatus;
import io.robustunit.threat.ThreatModel;
import java.util.List;

/** Stands for a user's test class, outside the library's packages. */
public class UserGateTest {

    public void publishesAGate() {
        RobustnessReport report = RobustnessReport.builder()
                .modelName("m.pt")
                .dataset("d", List.of("a", "b"))
                .attack("PGD", "PGD(...)", ThreatModel.linf(0.1), 0)
                .outcome(new SampleOutcome(0, 0, 0, 0, 0.0, null))
                .build();
        GateListeners.publish(GateOutcome.builder()
                .description("robust accuracy >= 0.500")
                .metric("robust accuracy")
                .threshold(0.5)
                .measured(1, 1)
                .status(GateStatus.PASS)
                .report(report)
                .build());
    }
}
