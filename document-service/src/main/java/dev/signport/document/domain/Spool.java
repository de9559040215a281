package dev.signport.document.domain;

import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.util.Hashing;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The bytes of one upload on their way to storage: written once as they arrive (counting, hashing
 * and refusing anything past the size limit), then read as often as validation and storage need.
 * Small uploads stay in memory; anything larger goes to a temporary file, so an upload is never
 * held whole in the heap. Not thread-safe: one writer, then readers one after the other.
 */
public final class Spool extends OutputStream {

    /** Uploads up to this size are kept in memory. */
    static final int MEMORY_LIMIT = 64 * 1024;

    private final Path dir;
    private final long limit;
    private final MessageDigest digest = Hashing.sha256();
    private ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private Path file;
    private OutputStream fileOut;
    private long size;
    private String sha256;
    private boolean finished;
    private volatile boolean deleted;

    private Spool(Path dir, long limit) {
        this.dir = dir;
        this.limit = limit;
    }

    /** A spool that refuses more than {@code limit} bytes, spilling to a file in {@code dir}. */
    public static Spool create(Path dir, long limit) {
        return new Spool(dir, limit);
    }

    /** A finished spool over bytes already in memory (tests, small produced documents). */
    public static Spool of(byte[] bytes) {
        Spool s = new Spool(null, Long.MAX_VALUE);
        s.write(bytes, 0, bytes.length);
        return s.finish();
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) {
        if (finished) {
            throw new IllegalStateException("spool already finished");
        }
        if (size + len > limit) {
            delete();
            throw tooLarge(limit);
        }
        digest.update(b, off, len);
        size += len;
        try {
            if (fileOut == null && size > MEMORY_LIMIT) {
                file = Files.createTempFile(dir, "upload-", ".pdf");
                fileOut = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024);
                memory.writeTo(fileOut);
                memory = null;
            }
            if (fileOut != null) {
                fileOut.write(b, off, len);
            } else {
                memory.write(b, off, len);
            }
        } catch (IOException e) {
            delete();
            throw new UncheckedIOException(e);
        }
    }

    /** Ends writing; the spool can be read from now on. */
    public Spool finish() {
        if (!finished) {
            finished = true;
            sha256 = HexFormat.of().formatHex(digest.digest());
            if (fileOut != null) {
                try {
                    fileOut.close();
                } catch (IOException e) {
                    delete();
                    throw new UncheckedIOException(e);
                }
            }
        }
        return this;
    }

    @Override
    public void close() {
        finish();
    }

    public long size() {
        return size;
    }

    /** Lowercase hex SHA-256 of every byte written, computed while they streamed in. */
    public String sha256() {
        requireFinished();
        return sha256;
    }

    /** The temporary file, or null when the bytes are in memory. */
    public Path file() {
        requireFinished();
        return file;
    }

    /** The bytes when they are in memory, else null. */
    public byte[] bytes() {
        requireFinished();
        return memory == null ? null : memory.toByteArray();
    }

    /** A fresh stream over the whole content. Blocking when the content is in a file. */
    public InputStream open() throws IOException {
        requireFinished();
        return file != null ? Files.newInputStream(file) : new ByteArrayInputStream(memory.toByteArray());
    }

    /** Up to {@code length} bytes starting at {@code offset}. Blocking when the content is in a file. */
    public byte[] read(long offset, int length) throws IOException {
        requireFinished();
        int n = (int) Math.max(0, Math.min(length, size - offset));
        if (file == null) {
            byte[] all = memory.toByteArray();
            return Arrays.copyOfRange(all, (int) offset, (int) offset + n);
        }
        byte[] out = new byte[n];
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            raf.seek(offset);
            raf.readFully(out);
        }
        return out;
    }

    /** Removes the temporary file, if any. Idempotent; safe from any thread. */
    public void delete() {
        if (deleted) {
            return;
        }
        deleted = true;
        try {
            if (fileOut != null) {
                fileOut.close();
            }
        } catch (IOException ignored) {
            // the file goes away below anyway
        }
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // the spool directory is swept at start-up
            }
        }
    }

    public boolean isDeleted() {
        return deleted;
    }

    private void requireFinished() {
        if (!finished) {
            throw new IllegalStateException("spool not finished");
        }
    }

    public static ProblemException tooLarge(long limit) {
        return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE,
                "The document exceeds the size limit of " + limit + " bytes");
    }
}
