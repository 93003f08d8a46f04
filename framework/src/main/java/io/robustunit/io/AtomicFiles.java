package io.robustunit.io;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Writes files so that readers never see a half-written one: the content goes to a temporary file
 * {@code .NAME.RANDOM.tmp} in the target's directory, is forced to disk, and is then renamed over
 * the target (atomically where the file system supports it). On failure the target is left as it
 * was and the temporary file is removed. Missing parent directories are created.
 *
 * <p>A writer killed midway (SIGKILL, a crash, a CI timeout) leaves the target as it was, and its
 * temporary file behind. The writer holds an exclusive lock on its temporary file until the rename;
 * the next write to the same target deletes that target's temporary files whose lock is free, that
 * is whose writer has died. Temporary files of a live writer, in this or another process, are left
 * alone.
 *
 * <pre>{@code
 * AtomicFiles.writeString(Path.of("reports/robustness.json"), report.toJson());
 * AtomicFiles.write(modelFile, out -> model.save(out));
 * }</pre>
 */
@API(status = INTERNAL, since = "0.1")
public final class AtomicFiles {

    /** Writes the content of a file to a stream. */
    @FunctionalInterface
    public interface ContentWriter {
        void writeTo(OutputStream out) throws IOException;
    }

    private static final String TEMPORARY_SUFFIX = ".tmp";
    private static final int MAX_ATTEMPTS = 10;

    /** Temporary files this JVM is writing; never inspected by the clean-up (see {@link #isAbandoned}). */
    private static final Set<Path> WRITING = ConcurrentHashMap.newKeySet();

    private AtomicFiles() {}

    /** Atomically replaces {@code target} with the UTF-8 encoding of {@code text}. */
    public static void writeString(Path target, String text) throws IOException {
        Objects.requireNonNull(text, "text");
        write(target, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Atomically replaces {@code target} with {@code bytes}. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Objects.requireNonNull(bytes, "bytes");
        write(target, out -> out.write(bytes));
    }

    /**
     * Atomically replaces {@code target} with what {@code content} writes, after deleting temporary
     * files that killed writers of {@code target} left behind.
     *
     * @throws IOException if writing or renaming fails; the message names the target
     */
    public static void write(Path target, ContentWriter content) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(content, "content");
        Path absolute = target.toAbsolutePath();
        if (Files.isDirectory(absolute)) {
            throw new IOException("cannot write " + target + ": it is a directory");
        }
        Files.createDirectories(absolute.getParent());
        deleteAbandonedTemporaryFiles(absolute);
        try {
            writeLocked(absolute, content);
        } catch (IOException e) {
            throw new IOException("could not write " + target + ": " + e.getMessage(), e);
        }
    }

    /**
     * Deletes the temporary files of {@code target} whose writer is gone (their lock is free);
     * returns them. {@link #write} does this itself before writing.
     */
    static List<Path> deleteAbandonedTemporaryFiles(Path target) throws IOException {
        Path absolute = target.toAbsolutePath();
        Pattern ours = Pattern.compile(
                Pattern.quote("." + absolute.getFileName() + ".") + "[0-9a-z]+" + Pattern.quote(TEMPORARY_SUFFIX));
        List<Path> deleted = new ArrayList<>();
        try (DirectoryStream<Path> candidates = Files.newDirectoryStream(
                absolute.getParent(),
                p -> ours.matcher(p.getFileName().toString()).matches())) {
            for (Path candidate : candidates) {
                if (deleteIfAbandoned(candidate)) {
                    deleted.add(candidate);
                }
            }
        }
        return deleted;
    }

    /**
     * Deletes {@code tmp} while holding its lock, so that a writer that has just created it and
     * is waiting for the lock sees it gone (see {@link #createLockedTemporaryFile}).
     */
    private static boolean deleteIfAbandoned(Path tmp) {
        if (WRITING.contains(tmp)) {
            // Opening and closing another channel to a file would release this JVM's lock on it.
            return false;
        }
        try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
                FileLock lock = channel.tryLock()) {
            if (lock == null) {
                return false;
            }
            return Files.deleteIfExists(tmp);
        } catch (IOException | OverlappingFileLockException e) {
            return false;
        }
    }

    private static void writeLocked(Path target, ContentWriter content) throws IOException {
        Path tmp = null;
        FileChannel channel = null;
        for (int attempt = 1; channel == null; attempt++) {
            if (attempt > MAX_ATTEMPTS) {
                throw new IOException("another process deleted " + MAX_ATTEMPTS
                        + " temporary files in a row before they could be locked");
            }
            tmp = reserveTemporaryName(target);
            try {
                channel = createLockedTemporaryFile(tmp);
            } finally {
                if (channel == null) {
                    WRITING.remove(tmp);
                }
            }
        }
        boolean moved = false;
        try (FileChannel locked = channel) {
            try (OutputStream out = new UnclosableStream(Channels.newOutputStream(locked))) {
                content.writeTo(out);
            }
            locked.force(true);
            shareLikeAnOrdinaryFile(tmp, target);
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            try {
                if (!moved) {
                    Files.deleteIfExists(tmp);
                }
            } finally {
                WRITING.remove(tmp);
            }
        }
    }

    /** A fresh name {@code .NAME.RANDOM.tmp} next to {@code target}, registered in {@link #WRITING}. */
    private static Path reserveTemporaryName(Path target) {
        while (true) {
            String random = Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36);
            Path tmp = target.resolveSibling("." + target.getFileName() + "." + random + TEMPORARY_SUFFIX);
            if (WRITING.add(tmp)) {
                return tmp;
            }
        }
    }

    /**
     * Creates {@code tmp} (owner-only) and locks it. Returns null, leaving nothing behind, if the
     * name is taken or another process's clean-up deleted the file between creation and locking;
     * the caller then tries another name.
     */
    private static FileChannel createLockedTemporaryFile(Path tmp) throws IOException {
        try {
            if (tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(
                        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } else {
                Files.createFile(tmp);
            }
        } catch (FileAlreadyExistsException e) {
            return null;
        }
        FileChannel channel = null;
        try {
            channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
            try {
                channel.lock();
            } catch (IOException e) {
                // No locks on this file system: then no clean-up can lock, so none deletes this file.
                return channel;
            }
            if (Files.exists(tmp)) {
                return channel;
            }
            channel.close();
            return null;
        } catch (IOException | RuntimeException e) {
            if (channel != null) {
                channel.close();
            }
            Files.deleteIfExists(tmp);
            throw e;
        }
    }

    /**
     * Temporary files are created owner-only; the result gets the permissions of the file it
     * replaces, or rw-r--r-- for a new one, as a plain write would.
     */
    private static void shareLikeAnOrdinaryFile(Path tmp, Path target) throws IOException {
        if (!tmp.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Set<PosixFilePermission> permissions = Files.exists(target)
                ? Files.getPosixFilePermissions(target)
                : PosixFilePermissions.fromString("rw-r--r--");
        Files.setPosixFilePermissions(tmp, permissions);
    }

    /** Keeps the channel (and with it the lock) open if a content writer closes its stream. */
    private static final class UnclosableStream extends FilterOutputStream {
        UnclosableStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
