package io.robustunit.allure;

import io.qameta.allure.AllureResultsWriter;
import io.qameta.allure.model.TestResult;
import io.qameta.allure.model.TestResultContainer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps what Allure would write to {@code allure-results} in memory. */
final class InMemoryResultsWriter implements AllureResultsWriter {

    final List<TestResult> testResults = new CopyOnWriteArrayList<>();
    final Map<String, byte[]> attachments = new ConcurrentHashMap<>();

    @Override
    public void write(TestResult testResult) {
        testResults.add(testResult);
    }

    @Override
    public void write(TestResultContainer container) {}

    @Override
    public void write(String source, InputStream content) {
        try (content) {
            attachments.put(source, content.readAllBytes());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
