package io.robustunit.cache;

import java.util.function.Supplier;

/** Computes every time. */
enum NoEvaluationCache implements EvaluationCache {
    INSTANCE;

    @Override
    public <T> T computeIfAbsent(EvaluationKey<T> key, Supplier<? extends T> computation) {
        return key.resultType().cast(computation.get());
    }

    @Override
    public String toString() {
        return "no evaluation cache";
    }
}
