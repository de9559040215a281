package dev.signport.document.domain;

import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.io.RandomAccessReadBufferedFile;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Decides whether spooled bytes are a PDF Signport accepts, with Apache PDFBox, and counts its
 * pages. Blocking (file IO and parsing): call it through {@link PdfParser}, which bounds threads
 * and time. Rejections are problems: empty → 400, not a PDF → 415, truncated, corrupt, encrypted,
 * too slow to analyse or structurally beyond {@link GuardedPdfBoxParser}'s limits → 422.
 */
public final class PdfInspector {

    /** The PDF header may be preceded by up to this much garbage (ISO 32000 implementation note). */
    private static final int HEADER_WINDOW = 1024;
    /** {@code %%EOF} must appear within this many bytes of the end. */
    private static final int TRAILER_WINDOW = 1024;
    /** Stream data PDFBox keeps in the heap per document; beyond it, scratch files. */
    private static final long STREAM_CACHE_MEMORY = 2L * 1024 * 1024;
    /** Time limit of {@link #inspect(Spool, boolean)}, which has no {@link ParseGuard} of its own. */
    private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private PdfInspector() {}

    /** What validation learnt about an accepted PDF. */
    public record PdfInfo(int pages, boolean encrypted) {}

    /**
     * Validates the spooled content. {@code allowEncrypted} admits PDFs that open without a
     * password but carry permission restrictions (as some vendors' signed PDFs do); a PDF that
     * needs a password to open is always refused.
     */
    public static PdfInfo inspect(Spool spool, boolean allowEncrypted) {
        return inspect(spool, allowEncrypted, ParseGuard.of(DEFAULT_TIMEOUT).start(),
                Path.of(System.getProperty("java.io.tmpdir")));
    }

    /**
     * Validates the spooled content under {@code guard} (started by the caller), PDFBox's stream
     * data beyond a small in-memory share going to scratch files in {@code scratchDir}.
     */
    public static PdfInfo inspect(Spool spool, boolean allowEncrypted, ParseGuard guard, Path scratchDir) {
        if (spool.size() == 0) {
            throw ProblemException.badRequest("The document is empty");
        }
        try {
            byte[] head = spool.read(0, HEADER_WINDOW);
            if (indexOf(head, "%PDF-".getBytes(StandardCharsets.US_ASCII)) < 0) {
                throw new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "The document is not a PDF (no %PDF- header)");
            }
            long tailStart = Math.max(0, spool.size() - TRAILER_WINDOW);
            byte[] tail = spool.read(tailStart, TRAILER_WINDOW);
            if (indexOf(tail, "%%EOF".getBytes(StandardCharsets.US_ASCII)) < 0) {
                throw ProblemException.unprocessable("The PDF is truncated or corrupt (no %%EOF marker at its end)");
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        GuardedPdfBoxParser parser = null;
        try (RandomAccessRead source = new GuardedRead(source(spool), guard)) {
            parser = new GuardedPdfBoxParser(source, guard,
                    MemoryUsageSetting.setupMixed(STREAM_CACHE_MEMORY).setTempDir(scratchDir.toFile()).streamCache);
            try (PDDocument doc = parser.parse()) {
                if (guard.tripped() != null || parser.violation() != null) {
                    // PDFBox recovered (lenient), but a signer reading the same bytes would not be so lucky.
                    throw refusal(null, guard, parser);
                }
                if (doc.isEncrypted() && !allowEncrypted) {
                    throw ProblemException.unprocessable("The PDF is encrypted; upload it without protection");
                }
                int pages = 0;
                // Walking the page tree (not trusting /Count) finds broken trees before a signer does.
                for (PDPage ignored : doc.getPages()) {
                    pages++;
                }
                if (pages == 0 || pages != doc.getNumberOfPages()) {
                    throw ProblemException.unprocessable("The PDF is corrupt (its page tree is empty or inconsistent)");
                }
                return new PdfInfo(pages, doc.isEncrypted());
            }
        } catch (InvalidPasswordException e) {
            throw ProblemException.unprocessable("The PDF is password-protected; upload it without a password");
        } catch (ProblemException e) {
            throw e;
        } catch (IOException | RuntimeException | StackOverflowError e) {
            // PDFBox reports damage with IOExceptions and, for odd structures, runtime exceptions;
            // hostile nesting may exhaust the stack: the thread survives it, the PDF is refused.
            throw refusal(e, guard, parser);
        }
    }

    private static ProblemException refusal(Throwable e, ParseGuard guard, GuardedPdfBoxParser parser) {
        if (guard.tripped() != null) {
            return tookTooLong();
        }
        if (parser != null && parser.violation() != null) {
            return ProblemException.unprocessable("The PDF's structure is beyond what can be analysed: "
                    + parser.violation());
        }
        if (e instanceof StackOverflowError) {
            return ProblemException.unprocessable("The PDF is nested too deeply to be analysed");
        }
        return ProblemException.unprocessable("The PDF is corrupt and cannot be read");
    }

    /** The answer for a PDF whose analysis ran out of time. */
    static ProblemException tookTooLong() {
        return ProblemException.unprocessable("The PDF took too long to analyse; it is most likely malformed");
    }

    private static RandomAccessRead source(Spool spool) throws IOException {
        return spool.file() != null ? new RandomAccessReadBufferedFile(spool.file())
                : new RandomAccessReadBuffer(spool.bytes());
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
