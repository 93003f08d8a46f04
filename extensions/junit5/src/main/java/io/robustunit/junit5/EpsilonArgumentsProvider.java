package io.robustunit.junit5;

import io.robustunit.threat.ThreatModel;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Turns {@link EpsilonSource} into one {@link ThreatModel} argument per radius. */
class EpsilonArgumentsProvider implements ArgumentsProvider, AnnotationConsumer<EpsilonSource> {

    private EpsilonSource source;

    @Override
    public void accept(EpsilonSource annotation) {
        this.source = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        List<ThreatModel> threatModels = threatModels(source, where(context));
        return threatModels.stream().map(Arguments::of);
    }

    static List<ThreatModel> threatModels(EpsilonSource source, String where) {
        double[] values = source.values();
        if (values.length == 0) {
            throw new ExtensionConfigurationException("@EpsilonSource on " + where
                    + " has no values; give at least one radius," + " e.g. values = {0.05, 0.1}");
        }
        try {
            return Arrays.stream(values)
                    .mapToObj(eps -> ThreatModels.of(source.norm(), eps, source.min(), source.max()))
                    .toList();
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(
                    "@EpsilonSource on " + where + " is invalid: " + e.getMessage(), e);
        }
    }

    static String where(ExtensionContext context) {
        return context.getTestMethod()
                .map(m -> m.getDeclaringClass().getSimpleName() + "." + m.getName() + "()")
                .orElse(context.getDisplayName());
    }
}
