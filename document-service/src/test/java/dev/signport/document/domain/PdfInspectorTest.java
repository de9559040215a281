package dev.signport.document.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.document.support.TestPdfs;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.util.Hashing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The validation rules on their own, in memory and spilled to a file. */
class PdfInspectorTest {

    @TempDir
    Path dir;

    private Spool spool(byte[] bytes) {
        Spool s = Spool.create(dir, Long.MAX_VALUE);
        s.write(bytes, 0, bytes.length);
        return s.finish();
    }

    private ProblemType rejection(byte[] bytes) {
        return assertThrows(ProblemException.class, () -> PdfInspector.inspect(spool(bytes), false)).type();
    }

    @Test
    void countsPagesInMemoryAndOnDisk() {
        assertEquals(3, PdfInspector.inspect(spool(TestPdfs.pages(3)), false).pages());
        Spool big = spool(TestPdfs.sized(7, 300_000));
        assertTrue(big.file() != null, "a large upload spills to a file");
        assertEquals(7, PdfInspector.inspect(big, false).pages());
    }

    @Test
    void rejectsWhatIsNotAnAcceptablePdf() {
        assertEquals(ProblemType.MALFORMED_REQUEST, rejection(new byte[0]));
        assertEquals(ProblemType.UNSUPPORTED_MEDIA_TYPE, rejection(TestPdfs.notPdf()));
        assertEquals(ProblemType.UNPROCESSABLE, rejection(TestPdfs.truncated()));
        assertEquals(ProblemType.UNPROCESSABLE, rejection(TestPdfs.corrupt()));
        assertEquals(ProblemType.UNPROCESSABLE, rejection(TestPdfs.passwordProtected()));
        assertEquals(ProblemType.UNPROCESSABLE, rejection(TestPdfs.permissionsOnly()));
    }

    @Test
    void producedPdfsMayCarryPermissionsButNeverAPassword() {
        assertEquals(1, PdfInspector.inspect(spool(TestPdfs.permissionsOnly()), true).pages());
        assertThrows(ProblemException.class, () -> PdfInspector.inspect(spool(TestPdfs.passwordProtected()), true));
    }

    @Test
    void spoolHashesWhileWritingAndRefusesPastItsLimit() throws Exception {
        byte[] pdf = TestPdfs.sized(1, 200_000);
        Spool s = spool(pdf);
        assertEquals(Hashing.sha256Hex(pdf), s.sha256());
        assertEquals(pdf.length, s.size());
        Path file = s.file();
        s.delete();
        assertFalse(Files.exists(file));

        Spool limited = Spool.create(dir, 100_000);
        ProblemException e = assertThrows(ProblemException.class, () -> limited.write(pdf, 0, pdf.length));
        assertEquals(ProblemType.PAYLOAD_TOO_LARGE, e.type());
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "a refused upload leaves no file");
        }
    }

    private String refusal(byte[] bytes, Duration timeout) {
        ProblemException e = assertThrows(ProblemException.class,
                () -> PdfInspector.inspect(spool(bytes), false, ParseGuard.of(timeout).start(), dir));
        assertEquals(ProblemType.UNPROCESSABLE, e.type(), e.detail());
        return e.detail();
    }

    @Test
    void refusesHostileStructuresBeforeTheyExhaustTheHeapOrTheStack() {
        Duration plenty = Duration.ofSeconds(60);
        assertTrue(refusal(TestPdfs.xrefStreamBomb(3_000_000), plenty).contains("cross-reference"));
        assertTrue(refusal(TestPdfs.zeroWidthXrefBomb(), plenty).contains("cross-reference"));
        assertTrue(refusal(TestPdfs.objectStreamBomb(), plenty).contains("object stream"));
        refusal(TestPdfs.deeplyNestedArrays(100_000), plenty);
        refusal(TestPdfs.deeplyNestedDictionaries(100_000), plenty);
        assertTrue(refusal(TestPdfs.cyclicPageTree(), plenty).contains("page tree"));
        assertTrue(refusal(TestPdfs.repeatedKids(100_000), plenty).contains("page tree"));
        assertTrue(refusal(TestPdfs.deepPageTree(30_000), plenty).contains("page tree"));
        // Scratch files of the stream cache go when each document closes.
        try (var files = Files.list(dir)) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith("PDFBox")));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void stopsAParseAtItsTimeLimit() {
        assertTrue(refusal(TestPdfs.slowObjectStream(50_000, 900), Duration.ofSeconds(1)).contains("too long"));
        // A guard cancelled by the watchdog stops the parse the same way.
        ParseGuard cancelled = ParseGuard.of(Duration.ofSeconds(60)).start();
        cancelled.cancel();
        ProblemException e = assertThrows(ProblemException.class,
                () -> PdfInspector.inspect(spool(TestPdfs.pages(2)), false, cancelled, dir));
        assertTrue(e.detail().contains("too long"), e.detail());
    }

    @Test
    void validPdfsPassUnderTheGuard() {
        assertEquals(3, PdfInspector.inspect(spool(TestPdfs.pages(3)), false,
                ParseGuard.of(Duration.ofSeconds(60)).start(), dir).pages());
        assertEquals(2, PdfInspector.inspect(spool(TestPdfs.sized(2, 1_500_000)), false,
                ParseGuard.of(Duration.ofSeconds(60)).start(), dir).pages());
    }
}
