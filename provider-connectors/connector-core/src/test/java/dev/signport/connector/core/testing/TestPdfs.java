package dev.signport.connector.core.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Random;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** Valid PDFs for the contract tests, unique by their text (so their SHA-256 differs per test). */
public final class TestPdfs {

    private TestPdfs() {}

    public static byte[] withText(String text) {
        return build(text, 0);
    }

    /** About {@code approxBytes} long, padded with an incompressible stream (size-limit tests). */
    public static byte[] sized(String text, int approxBytes) {
        return build(text, approxBytes);
    }

    private static byte[] build(String text, int padding) {
        try (PDDocument doc = new PDDocument(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            PDPage page = new PDPage();
            doc.addPage(page);
            try (PDPageContentStream content = new PDPageContentStream(doc, page)) {
                content.beginText();
                content.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 12);
                content.newLineAtOffset(72, 720);
                content.showText(text);
                content.endText();
            }
            if (padding > 0) {
                byte[] noise = new byte[padding];
                new Random(text.hashCode()).nextBytes(noise);
                PDStream stream = new PDStream(doc, new java.io.ByteArrayInputStream(noise));
                page.getCOSObject().setItem(COSName.getPDFName("SignportPadding"), stream.getCOSObject());
            }
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
