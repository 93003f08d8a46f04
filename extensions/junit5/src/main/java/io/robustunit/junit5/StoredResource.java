package io.robustunit.junit5;

import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Keeps a closeable value in an {@link ExtensionContext.Store} so that JUnit closes it when the
 * store's context ends. Implements both JUnit's {@code CloseableResource} and
 * {@link AutoCloseable}; closing twice closes once.
 */
final class StoredResource<T> implements ExtensionContext.Store.CloseableResource, AutoCloseable {

    private final T value;
    private final AutoCloseable onClose;
    private final AtomicBoolean closed = new AtomicBoolean();

    StoredResource(T value, AutoCloseable onClose) {
        this.value = value;
        this.onClose = onClose;
    }

    T get() {
        return value;
    }

    @Override
    public void close() throws Exception {
        if (closed.compareAndSet(false, true)) {
            onClose.close();
        }
    }

    boolean isClosed() {
        return closed.get();
    }
}
