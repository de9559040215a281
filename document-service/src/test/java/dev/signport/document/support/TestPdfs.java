package dev.signport.document.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** PDFs for tests, generated with PDFBox: valid ones of a given size, protected, damaged, or not PDFs at all. */
public final class TestPdfs {

    private TestPdfs() {}

    /** A valid PDF of {@code pages} pages with some text. */
    public static byte[] pages(int pages) {
        return build(pages, 0, null, null);
    }

    /**
     * A valid PDF of {@code pages} pages padded with an incompressible stream so that it weighs
     * about {@code approxBytes} (spilling spools to disk, crossing storage chunks).
     */
    public static byte[] sized(int pages, int approxBytes) {
        return build(pages, approxBytes, null, null);
    }

    /** Needs a password to open. */
    public static byte[] passwordProtected() {
        return build(2, 0, "owner-secret", "user-secret");
    }

    /** Opens without a password but is encrypted with permission restrictions. */
    public static byte[] permissionsOnly() {
        return build(1, 0, "owner-secret", "");
    }

    /** The first 60 % of a valid PDF: no cross-reference table, no %%EOF. */
    public static byte[] truncated() {
        byte[] full = pages(3);
        return Arrays.copyOf(full, full.length * 6 / 10);
    }

    /** Has a PDF header and an end marker, but nothing a reader can make sense of in between. */
    public static byte[] corrupt() {
        byte[] noise = new byte[4096];
        new Random(7).nextBytes(noise);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(noise);
        out.writeBytes("\ntrailer\n<< /Root 99 0 R >>\n%%EOF\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    public static byte[] notPdf() {
        return "PK\u0003\u0004 this is a zip file, or maybe a spreadsheet, but not a PDF".repeat(20)
                .getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] build(int pages, int approxBytes, String ownerPassword, String userPassword) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDType1Font font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PDPage page = new PDPage();
                doc.addPage(page);
                try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                    cs.beginText();
                    cs.setFont(font, 14);
                    cs.newLineAtOffset(72, 720);
                    cs.showText("Signport test document, page " + i + " of " + pages);
                    cs.endText();
                }
            }
            if (approxBytes > 0) {
                byte[] padding = new byte[approxBytes];
                new Random(approxBytes).nextBytes(padding);
                // Stored uncompressed so the file really has that many bytes.
                PDStream stream = new PDStream(doc);
                try (var os = stream.createOutputStream()) {
                    os.write(padding);
                }
                doc.getDocumentCatalog().getCOSObject().setItem(COSName.getPDFName("SignportPadding"),
                        stream.getCOSObject());
            }
            if (ownerPassword != null) {
                StandardProtectionPolicy policy = new StandardProtectionPolicy(ownerPassword, userPassword,
                        new AccessPermission());
                policy.setEncryptionKeyLength(128);
                doc.protect(policy);
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
