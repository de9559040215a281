package dev.signport.pades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ~1 MB PDF whose only page content stream inflates to 1 GiB. Signing needs page dictionaries, never page
 * content, so it must sign without decoding the stream — within the surefire heap (-Xmx1g,
 * -XX:+ExitOnOutOfMemoryError: an OOM would kill the test JVM and fail the build).
 */
class CompressionBombTest {

    static final long INFLATED_BYTES = 1L << 30;
    static byte[] bomb;

    @TempDir
    static Path dir;

    @BeforeAll
    static void generate() {
        bomb = bombPdf();
    }

    @Test
    void theBombIsSignedWithoutDecodingItsContent() throws Exception {
        assertTrue(bomb.length > 500_000 && bomb.length < 2_000_000, "about 1 MB: " + bomb.length);
        PadesSigner signer = new PadesSigner(TestPki.shared().signer());

        resetHeapPeaks();
        long started = System.nanoTime();
        // A visible signature on the bomb page itself (adds an annotation to that page)…
        SignResult onPage = signer.sign(bomb, SignRequest.of("Alice Bomb")
                .withPlacement(Placement.at(1, 72, 72, 200, 60)));
        // …and one on the appended signature page.
        SignResult onSignaturePage = signer.sign(onPage.pdf(), SignRequest.of("Bob Bomb"));
        long millis = (System.nanoTime() - started) / 1_000_000;
        long peakHeap = heapPeak();
        System.out.printf("compression bomb: %d bytes (inflates to %d), signed twice in %d ms, heap peak %d MiB%n",
                bomb.length, INFLATED_BYTES, millis, peakHeap >> 20);

        assertTrue(millis < 60_000, "signing took " + millis + " ms");
        assertTrue(peakHeap < 512L << 20, "heap peak " + (peakHeap >> 20) + " MiB");
        assertEquals(2, onSignaturePage.page());
        IndependentChecks.assertAllIntact(onSignaturePage.pdf(), 2);
        String pdfsig = IndependentChecks.pdfsig(onSignaturePage.pdf(), dir, "bomb-signed.pdf");
        if (pdfsig == null) {
            System.out.println("pdfsig (poppler-utils) is not installed: its check of the bomb is skipped");
        } else {
            assertEquals(2, pdfsig.split("Signature is Valid\\.", -1).length - 1, pdfsig);
        }
    }

    @Test
    void tighterLimitsRefuseItClearly() {
        PadesSigner strict = new PadesSigner(TestPki.shared().signer(),
                new Limits(512 * 1024, 100, 1 << 20, 8 << 20));
        DocumentRejectedException e = assertThrows(DocumentRejectedException.class,
                () -> strict.sign(bomb, SignRequest.of("Carol")));
        assertTrue(e.getMessage().contains("larger than"), e.getMessage());

        PadesSigner fewPages = new PadesSigner(TestPki.shared().signer(),
                new Limits(64 << 20, 1, 1 << 20, 8 << 20));
        SignResult ok = fewPages.sign(bomb, SignRequest.of("Dave").withPlacement(Placement.at(1, 10, 10, 100, 40)));
        DocumentRejectedException pages = assertThrows(DocumentRejectedException.class,
                () -> fewPages.sign(TestPdfs.contract(2), SignRequest.of("Dave")));
        assertTrue(pages.getMessage().contains("pages"), pages.getMessage());
        assertTrue(ok.pdf().length > bomb.length);
    }

    /** One page whose /Contents is 1 GiB of "q Q\n" deflated (deflate tops out near 1:1000). */
    static byte[] bombPdf() {
        byte[] chunk = "q Q\n".repeat(1 << 18).getBytes(StandardCharsets.US_ASCII);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(1_200_000);
        byte[] buffer = new byte[64 * 1024];
        for (long written = 0; written < INFLATED_BYTES; written += chunk.length) {
            deflater.setInput(chunk);
            while (!deflater.needsInput()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        byte[] stream = compressed.toByteArray();

        ByteArrayOutputStream pdf = new ByteArrayOutputStream(stream.length + 2048);
        List<Integer> offsets = new ArrayList<>();
        write(pdf, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        offsets.add(pdf.size());
        write(pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        offsets.add(pdf.size());
        write(pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        offsets.add(pdf.size());
        write(pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> "
                + "/Contents 4 0 R >>\nendobj\n");
        offsets.add(pdf.size());
        write(pdf, "4 0 obj\n<< /Length " + stream.length + " /Filter /FlateDecode >>\nstream\n");
        pdf.writeBytes(stream);
        write(pdf, "\nendstream\nendobj\n");
        int xref = pdf.size();
        StringBuilder table = new StringBuilder("xref\n0 5\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append(String.format("%010d 00000 n \n", offset));
        }
        table.append("trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n").append(xref).append("\n%%EOF\n");
        write(pdf, table.toString());
        return pdf.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static void resetHeapPeaks() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                pool.resetPeakUsage();
            }
        }
    }

    /** Sum of the heap pools' peaks: an over-estimate of the true peak, good enough as an upper bound. */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
