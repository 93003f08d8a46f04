package io.robustunit.junit5;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;

/** Instantiates user classes named in annotations, with errors that say where they were named. */
final class Reflection {

    private Reflection() {}

    static <T> T instantiate(Class<T> type, String where) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers())) {
            throw new ExtensionConfigurationException(
                    where + ": " + type.getName() + " is abstract; name a concrete class");
        }
        if (type.isMemberClass() && !Modifier.isStatic(type.getModifiers())) {
            throw new ExtensionConfigurationException(
                    where + ": " + type.getName() + " is an inner class; make it static");
        }
        try {
            Constructor<T> constructor = type.getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (NoSuchMethodException e) {
            throw new ExtensionConfigurationException(
                    where + ": " + type.getName() + " needs a no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new ExtensionConfigurationException(
                    where + ": the constructor of " + type.getName() + " failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new ExtensionConfigurationException(where + ": cannot instantiate " + type.getName() + ": " + e, e);
        }
    }
}
