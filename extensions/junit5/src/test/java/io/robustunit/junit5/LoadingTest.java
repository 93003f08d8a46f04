package io.robustunit.junit5;

import io.robustunit.data.FashionMnist;
import io.robustunit.junit5.samples.LoadingSamples;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LoadingTest {

    @AfterEach
    void clear() {
        System.clearProperty(FashionMnist.DIR_PROPERTY);
    }

    @Test
    void torchScriptFromClasspathAndPathAndIdxFromFolderClasspathAndConfiguredLocation() {
        System.setProperty(
                FashionMnist.DIR_PROPERTY,
                Path.of("../../framework/src/test/resources/fashion-mnist-200").toString());

        Kit.run(LoadingSamples.RealFiles.class)
                .testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));
    }

    @Test
    void numpyDataFromPathAndClasspathDataFromASourceAndAContractWithNormalisation() {
        Kit.run(LoadingSamples.OtherFormats.class)
                .testEvents()
                .assertStatistics(s -> s.started(1).succeeded(1));
    }
}
