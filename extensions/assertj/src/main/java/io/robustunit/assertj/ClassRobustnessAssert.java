package io.robustunit.assertj;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.assertj.error.GateSubject;
import io.robustunit.eval.RobustnessReport;
import org.apiguardian.api.API;

/**
 * The gates of {@link AbstractAccuracyAssert} for the images of one class, e.g. {@code
 * assertThat(report).forClass("Coat").hasRobustAccuracyAtLeast(0.4)}. Validity is judged on the
 * whole evaluation.
 */
@API(status = STABLE, since = "0.1")
public class ClassRobustnessAssert extends AbstractAccuracyAssert<ClassRobustnessAssert, ClassRobustness> {

    public ClassRobustnessAssert(ClassRobustness actual) {
        super(actual, ClassRobustnessAssert.class);
    }

    /** For soft assertions and chained gates: the class with what it inherits from its parent assert. */
    protected ClassRobustnessAssert(AssertContext.Chained<ClassRobustness> chained) {
        super(chained, ClassRobustnessAssert.class);
    }

    @Override
    RobustnessReport report() {
        return actual.report();
    }

    @Override
    GateSubject subject() {
        return GateSubject.of(actual.report(), actual.accuracy());
    }

    @Override
    String scope() {
        return " of class '" + actual.accuracy().className() + "'";
    }

    @Override
    int samples() {
        return actual.accuracy().samples();
    }

    @Override
    int cleanCorrect() {
        return actual.accuracy().cleanCorrect();
    }

    @Override
    int robust() {
        return actual.accuracy().robust();
    }
}
