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
}
