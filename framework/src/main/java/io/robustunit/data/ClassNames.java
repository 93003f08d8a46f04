package io.robustunit.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Class-name files: one name per line, UTF-8, blank lines ignored (e.g. CIFAR's meta files). */
final class ClassNames {

    /** The file RobustUnit looks for next to data that holds no class names: {@value}. */
    static final String FILE = "classes.txt";

    static final long MAX_BYTES = 1 << 20;

    private ClassNames() {}

    static List<String> readLines(Path file, long maxBytes) throws DataFormatException {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes((int) maxBytes + 1);
        } catch (IOException e) {
            throw new DataFormatException("Cannot read class-name file " + file + ": " + e, e);
        }
        if (bytes.length > maxBytes) {
            throw new DataFormatException("Class-name file " + file + " is larger than " + maxBytes
                    + " bytes; it should hold one class name per line");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new DataFormatException(
                    "Class-name file " + file + " is not UTF-8 text; save it as"
                            + " UTF-8 with one class name per line",
                    e);
        }
        List<String> names = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (String line : text.split("\r?\n")) {
            String name = line.strip();
            if (name.isEmpty()) {
                continue;
            }
            if (!seen.add(name)) {
                throw new DataFormatException("Class-name file " + file + " names class '" + name
                        + "' twice; each line must name a different class");
            }
            names.add(name);
        }
        return names;
    }

    /**
     * {@code "0", "1", ...}: names for data that carries none. An immutable view that makes each
     * name when asked, so that a corrupt label just under the cap (a 572-byte NPZ with a label of
     * 99,999: fuzz finding) does not make a small file allocate 100,000 strings.
     */
    static List<String> numbered(int count) {
        return new Numbered(count);
    }

    /** An immutable list stays as it is; any other is copied ({@link List#copyOf}). */
    static List<String> immutable(List<String> names) {
        return names instanceof Numbered ? names : List.copyOf(names);
    }

    private static final class Numbered extends java.util.AbstractList<String> implements java.util.RandomAccess {
        private final int size;

        Numbered(int size) {
            if (size < 0) {
                throw new IllegalArgumentException("size " + size);
            }
            this.size = size;
        }

        @Override
        public String get(int index) {
            java.util.Objects.checkIndex(index, size);
            return String.valueOf(index);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
