package io.robustunit.junit5;

import io.robustunit.attack.Attack;
import io.robustunit.attack.AttackFactory;
import io.robustunit.threat.ThreatModel;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.ArgumentsProvider;
import org.junit.jupiter.params.support.AnnotationConsumer;
import org.junit.jupiter.params.support.ParameterDeclarations;

/** Turns {@link AttackSource} into one {@link Attack} argument per factory and radius. */
class AttackArgumentsProvider implements ArgumentsProvider, AnnotationConsumer<AttackSource> {

    private AttackSource source;

    @Override
    public void accept(AttackSource annotation) {
        this.source = annotation;
    }

    @Override
    public Stream<? extends Arguments> provideArguments(ParameterDeclarations parameters, ExtensionContext context) {
        String where = EpsilonArgumentsProvider.where(context);
        if (source.value().length == 0) {
            throw new ExtensionConfigurationException("@AttackSource on " + where + " names no attack factory");
        }
        List<ThreatModel> threatModels = new ArrayList<>();
        for (double eps : source.epsilons()) {
            threatModels.add(threatModel(eps, where));
        }
        if (threatModels.isEmpty()) {
            throw new ExtensionConfigurationException(
                    "@AttackSource on " + where + " has no epsilons; give at least one radius");
        }
        List<Arguments> arguments = new ArrayList<>();
        for (Class<? extends AttackFactory> type : source.value()) {
            AttackFactory factory = Reflection.instantiate(type, "@AttackSource on " + where);
            for (ThreatModel tm : threatModels) {
                arguments.add(Arguments.of(create(factory, tm, where)));
            }
        }
        return arguments.stream();
    }

    private ThreatModel threatModel(double eps, String where) {
        try {
            return ThreatModels.of(source.norm(), eps, source.min(), source.max());
        } catch (IllegalArgumentException e) {
            throw new ExtensionConfigurationException(
                    "@AttackSource on " + where + " is invalid: " + e.getMessage(), e);
        }
    }

    private static Attack create(AttackFactory factory, ThreatModel tm, String where) {
        try {
            Attack attack = factory.create(tm);
            if (attack == null) {
                throw new ExtensionConfigurationException(factory.getClass().getName() + " returned no attack for " + tm
                        + " (@AttackSource on " + where + ")");
            }
            return attack;
        } catch (ExtensionConfigurationException e) {
            throw e;
        } catch (Exception e) {
            throw new ExtensionConfigurationException(
                    factory.getClass().getName() + " failed to create an attack for " + tm + " (@AttackSource on "
                            + where + "): " + e.getMessage(),
                    e);
        }
    }
}
