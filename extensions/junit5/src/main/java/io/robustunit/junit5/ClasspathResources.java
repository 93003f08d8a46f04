package io.robustunit.junit5;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Classpath resources as files: a resource in a directory on the classpath is used in place; one
 * inside a jar is copied to a temporary file, which {@link Located#close()} deletes.
 */
final class ClasspathResources {

    private ClasspathResources() {}

    /** A located resource and, if it had to be copied, the temporary copy to delete. */
    record Located(Path path, Path temporary) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            if (temporary == null) {
                return;
            }
            try (Stream<Path> files = Files.walk(temporary)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    static Optional<URL> find(String resource) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = ClasspathResources.class.getClassLoader();
        }
        return Optional.ofNullable(loader.getResource(strip(resource)));
    }

    /** The resource as a file. */
    static Located file(String resource) throws IOException {
        URL url = find(resource).orElseThrow(() -> new IOException("no classpath resource " + resource));
        if ("file".equals(url.getProtocol())) {
            return new Located(toPath(url), null);
        }
        String name = Path.of(strip(resource)).getFileName().toString();
        Path dir = Files.createTempDirectory("robustunit-");
        Path copy = dir.resolve(name);
        try (InputStream in = url.openStream()) {
            Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Located(copy, dir);
    }

    /** A classpath folder as a directory; from a jar, only {@code names} that exist are copied. */
    static Located folder(String resource, List<String> names) throws IOException {
        URL url = find(resource).orElseThrow(() -> new IOException("no classpath resource " + resource));
        if ("file".equals(url.getProtocol())) {
            return new Located(toPath(url), null);
        }
        Path dir = Files.createTempDirectory("robustunit-");
        for (String name : names) {
            Optional<URL> entry = find(strip(resource) + "/" + name);
            if (entry.isPresent()) {
                try (InputStream in = entry.get().openStream()) {
                    Files.copy(in, dir.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return new Located(dir, dir);
    }

    /**
     * A classpath file or folder as a path; from a jar, the file or the whole folder tree is copied to
     * a temporary directory (deleted when the result is closed).
     */
    static Located tree(String resource) throws IOException {
        URL url = find(resource).orElseThrow(() -> new IOException("no classpath resource " + resource));
        if ("file".equals(url.getProtocol())) {
            return new Located(toPath(url), null);
        }
        Path dir = Files.createTempDirectory("robustunit-");
        try (java.nio.file.FileSystem jar = java.nio.file.FileSystems.newFileSystem(
                java.net.URI.create(url.toString().substring(0, url.toString().indexOf("!/"))), java.util.Map.of())) {
            Path source = jar.getPath("/" + strip(resource));
            Path target = dir.resolve(source.getFileName().toString());
            try (java.util.stream.Stream<Path> walk = Files.walk(source)) {
                for (Path p : walk.toList()) {
                    Path to = target.resolve(source.relativize(p).toString());
                    if (Files.isDirectory(p)) {
                        Files.createDirectories(to);
                    } else {
                        Files.createDirectories(to.getParent());
                        Files.copy(p, to, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
            return new Located(target, dir);
        } catch (RuntimeException e) {
            throw new IOException("cannot copy classpath resource " + resource + " out of " + url + ": " + e, e);
        }
    }

    private static Path toPath(URL url) throws IOException {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot turn " + url + " into a path", e);
        }
    }

    private static String strip(String resource) {
        String r = resource.startsWith("/") ? resource.substring(1) : resource;
        return r.endsWith("/") ? r.substring(0, r.length() - 1) : r;
    }
}
