package io.robustunit.junit5;

import static org.apiguardian.api.API.Status.STABLE;

import io.robustunit.cache.EvaluationCache;
import io.robustunit.cache.EvaluationCaches;
import io.robustunit.data.LabeledImages;
import io.robustunit.gate.GateListeners;
import io.robustunit.model.Classifier;
import io.robustunit.model.TrainableClassifier;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.util.List;
import org.apiguardian.api.API;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.DynamicTestInvocationContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.InvocationInterceptor;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.ReflectiveInvocationContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;

/**
 * The extension behind {@link RobustnessTest}; register it through that annotation. Injects
 * {@link TrainedModel} and {@link EvaluationData} fields and parameters and binds a per-class
 * {@link EvaluationCache} around every test and lifecycle method (see the package documentation).
 */
@API(status = STABLE, since = "0.1")
public class RobustUnitExtension
        implements BeforeAllCallback, BeforeEachCallback, ParameterResolver, InvocationInterceptor {

    private static final Namespace NAMESPACE = Namespace.create(RobustUnitExtension.class);
    private static final Object CACHE_KEY = EvaluationCache.class;

    private record FieldKey(Field field) {}

    private record ParameterKey(Executable executable, int index) {}

    private record SharedModelKey(ModelSpec spec) {}

    // ---- fields ----

    @Override
    public void beforeAll(ExtensionContext context) {
        Class<?> testClass = context.getRequiredTestClass();
        for (Field field : modelFields(testClass)) {
            ModelSpec spec = modelSpec(field);
            if (field.getAnnotation(TrainedModel.class).shared() && !isStatic(field)) {
                throw new ExtensionConfigurationException("@TrainedModel(shared = true) on " + where(field)
                        + " requires a static field:" + " a shared model outlives every test instance");
            }
            if (isStatic(field)) {
                inject(
                        field,
                        null,
                        model(
                                spec,
                                field.getAnnotation(TrainedModel.class).shared(),
                                context,
                                new FieldKey(field),
                                where(field)));
            }
        }
        for (Field field : dataFields(testClass)) {
            DataSpec spec = dataSpec(field);
            if (isStatic(field)) {
                inject(field, null, data(spec, context, where(field)));
            }
        }
        cacheOf(context);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        for (Object instance : context.getRequiredTestInstances().getAllInstances()) {
            for (Field field : modelFields(instance.getClass())) {
                if (!isStatic(field)) {
                    inject(field, instance, model(modelSpec(field), false, context, new FieldKey(field), where(field)));
                }
            }
            for (Field field : dataFields(instance.getClass())) {
                if (!isStatic(field)) {
                    inject(field, instance, data(dataSpec(field), context, where(field)));
                }
            }
        }
    }

    private static List<Field> modelFields(Class<?> type) {
        return AnnotationSupport.findAnnotatedFields(
                type, TrainedModel.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
    }

    private static List<Field> dataFields(Class<?> type) {
        return AnnotationSupport.findAnnotatedFields(
                type, EvaluationData.class, f -> true, HierarchyTraversalMode.TOP_DOWN);
    }

    private static ModelSpec modelSpec(Field field) {
        checkNotBoth(field.isAnnotationPresent(EvaluationData.class), where(field));
        return ModelSpec.of(field.getAnnotation(TrainedModel.class), field.getType(), where(field));
    }

    private static DataSpec dataSpec(Field field) {
        return DataSpec.of(field.getAnnotation(EvaluationData.class), field.getType(), where(field));
    }

    private static void inject(Field field, Object instance, Object value) {
        if (Modifier.isFinal(field.getModifiers())) {
            throw new ExtensionConfigurationException("cannot inject " + where(field) + ": the field is final");
        }
        try {
            field.setAccessible(true);
            field.set(instance, value);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException("cannot inject " + where(field) + ": " + e, e);
        }
    }

    // ---- parameters ----

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.isAnnotated(TrainedModel.class) || parameter.isAnnotated(EvaluationData.class);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Parameter p = parameter.getParameter();
        String where = where(parameter);
        try {
            if (parameter.isAnnotated(TrainedModel.class)) {
                checkNotBoth(parameter.isAnnotated(EvaluationData.class), where);
                TrainedModel annotation =
                        parameter.findAnnotation(TrainedModel.class).orElseThrow();
                ModelSpec spec = ModelSpec.of(annotation, p.getType(), where);
                return model(
                        spec,
                        annotation.shared(),
                        context,
                        new ParameterKey(parameter.getDeclaringExecutable(), parameter.getIndex()),
                        where);
            }
            EvaluationData annotation =
                    parameter.findAnnotation(EvaluationData.class).orElseThrow();
            return data(DataSpec.of(annotation, p.getType(), where), context, where);
        } catch (ExtensionConfigurationException e) {
            throw new ParameterResolutionException(e.getMessage(), e);
        }
    }

    // ---- resources ----

    private static Classifier model(
            ModelSpec spec, boolean shared, ExtensionContext context, Object key, String where) {
        Store store = shared ? context.getRoot().getStore(NAMESPACE) : context.getStore(NAMESPACE);
        Object storeKey = shared ? new SharedModelKey(spec.anyType()) : key;
        @SuppressWarnings("unchecked")
        StoredResource<Classifier> stored =
                store.getOrComputeIfAbsent(storeKey, k -> spec.load(where), StoredResource.class);
        Classifier model = stored.get();
        if (spec.trainable() && !(model instanceof TrainableClassifier)) {
            throw new ExtensionConfigurationException("@TrainedModel on " + where + ": " + spec.describe()
                    + " gives a model that is not a" + " TrainableClassifier; declare it as Classifier");
        }
        return model;
    }

    private static LabeledImages data(DataSpec spec, ExtensionContext context, String where) {
        Store root = context.getRoot().getStore(NAMESPACE);
        LabeledImages whole =
                root.getOrComputeIfAbsent(spec.wholeSplit(), w -> spec.loadWholeSplit(where), LabeledImages.class);
        return root.getOrComputeIfAbsent(spec, s -> spec.subsetOf(whole), LabeledImages.class);
    }

    /** The cache of the test class that {@code context} belongs to, created on first use. */
    private static EvaluationCache cacheOf(ExtensionContext context) {
        ExtensionContext classContext = context;
        while (classContext.getTestMethod().isPresent()
                && classContext.getParent().isPresent()) {
            classContext = classContext.getParent().get();
        }
        return classContext
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(CACHE_KEY, k -> EvaluationCache.configured(), EvaluationCache.class);
    }

    // ---- binding the cache around invocations ----

    private static <T> T withCache(Invocation<T> invocation, ExtensionContext context) throws Throwable {
        try (EvaluationCaches.Binding binding = EvaluationCaches.bind(cacheOf(context))) {
            return invocation.proceed();
        }
    }

    /**
     * Runs a test method with the cache bound and its gates credited to the concrete test class
     * (not the abstract base class that may declare the method): {@code ConcreteClass.method}.
     */
    private static <T> T asTest(
            Invocation<T> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        String name = context.getRequiredTestClass().getSimpleName() + "."
                + call.getExecutable().getName();
        try (GateListeners.Registration test = GateListeners.runningTest(name)) {
            return withCache(invocation, context);
        }
    }

    @Override
    public void interceptTestMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        asTest(invocation, call, context);
    }

    @Override
    public void interceptTestTemplateMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        asTest(invocation, call, context);
    }

    @Override
    public <T> T interceptTestFactoryMethod(
            Invocation<T> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        return withCache(invocation, context);
    }

    @Override
    public void interceptDynamicTest(
            Invocation<Void> invocation, DynamicTestInvocationContext call, ExtensionContext context) throws Throwable {
        withCache(invocation, context);
    }

    @Override
    public void interceptBeforeAllMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        withCache(invocation, context);
    }

    @Override
    public void interceptBeforeEachMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        withCache(invocation, context);
    }

    @Override
    public void interceptAfterEachMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        withCache(invocation, context);
    }

    @Override
    public void interceptAfterAllMethod(
            Invocation<Void> invocation, ReflectiveInvocationContext<Method> call, ExtensionContext context)
            throws Throwable {
        withCache(invocation, context);
    }

    // ---- naming ----

    private static void checkNotBoth(boolean alsoData, String where) {
        if (alsoData) {
            throw new ExtensionConfigurationException(
                    where + " carries both @TrainedModel and @EvaluationData; keep one");
        }
    }

    private static boolean isStatic(Field field) {
        return Modifier.isStatic(field.getModifiers());
    }

    static String where(Field field) {
        return "field " + field.getDeclaringClass().getSimpleName() + "." + field.getName();
    }

    static String where(ParameterContext parameter) {
        Executable e = parameter.getDeclaringExecutable();
        return "parameter " + parameter.getParameter().getName() + " of "
                + e.getDeclaringClass().getSimpleName() + "." + e.getName() + "()";
    }
}
