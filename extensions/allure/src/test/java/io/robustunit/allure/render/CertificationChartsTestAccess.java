package io.robustunit.allure.render;

import io.robustunit.certify.CertificationReport;

/** The synthetic certification of {@link CertificationChartsTest}, for the listener's test. */
public final class CertificationChartsTestAccess {

    private CertificationChartsTestAccess() {}

    public static CertificationReport report() {
        return CertificationChartsTest.report();
    }
}
