package dev.signport.envelope.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.envelope.audit.AuditTrailPdf.Doc;
import dev.signport.envelope.audit.AuditTrailPdf.Entry;
import dev.signport.envelope.audit.AuditTrailPdf.Party;
import dev.signport.envelope.audit.AuditTrailPdf.Trail;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;
import org.junit.jupiter.api.Test;

class AuditTrailPdfTest {

    static final String ENVELOPE_ID = "env_01JQ7X9K2M4N6P8R0T2V4W6Y8Z";
    static final String SHA_BEFORE_1 = sha256("Rahmenvertrag, unsigned");
    static final String SHA_AFTER_1 = sha256("Rahmenvertrag, signed");
    static final String SHA_BEFORE_2 = sha256("Preisblatt, unsigned");
    static final Instant START = Instant.parse("2025-03-14T09:26:53Z");
    static final Instant GENERATED = Instant.parse("2025-03-15T08:00:07Z");

    // Real browsers send these; the unbroken token stands for the garbage some clients put there.
    static final String LONG_USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            + "(KHTML, like Gecko) Chrome/124.0.6367.207 Safari/537.36 Edg/124.0.2478.109 "
            + "X-Corp-Device-Fingerprint/" + "a1b2c3d4e5f6".repeat(25);

    @Test
    void rendersAFullTrailOverManyPages() throws IOException {
        Trail trail = sampleTrail(300);

        byte[] pdf = AuditTrailPdf.render(trail);

        try (PDDocument doc = Loader.loadPDF(pdf)) {
            int pages = doc.getNumberOfPages();
            assertTrue(pages > 1, "300 events need more than one page, got " + pages);
            String text = new PDFTextStripper().getText(doc);
            String compact = text.replaceAll("\\s+", "");

            assertTrue(compact.contains(ENVELOPE_ID));
            assertTrue(compact.contains(SHA_BEFORE_1));
            assertTrue(compact.contains(SHA_AFTER_1));
            assertTrue(compact.contains(SHA_BEFORE_2));
            assertTrue(text.contains("not signed yet"), "the second document is unsigned");
            assertTrue(compact.contains("X-Corp-Device-Fingerprint/" + "a1b2c3d4e5f6".repeat(25)),
                    "the unbroken user agent token is wrapped, not cut");

            assertTrue(text.contains("Page 1 of " + pages));
            assertTrue(text.contains("Page " + pages + " of " + pages));

            int first = text.indexOf("envelope.created");
            int last = text.indexOf("envelope.completed");
            assertTrue(first >= 0 && last > first, "first event before last event");
            assertTrue(text.contains("2025-03-14T09:26:53Z"), "times in ISO-8601 UTC to the second");

            assertTrue(text.contains("José Álvarez Núñez"));
            assertTrue(text.contains("Zoë Brönnimann-Ærø"));
            assertTrue(text.contains("Rahmenvertrag Müller & Söhne.pdf"));
            assertTrue(text.contains("Kommentar: ????? ??????? ? ok"),
                    "Arabic letters and the emoji (one code point, two chars) each become one '?'");

            assertEquals("Audit trail " + ENVELOPE_ID, doc.getDocumentInformation().getTitle());
            assertEquals("Signport", doc.getDocumentInformation().getProducer());
            assertEquals(GENERATED, doc.getDocumentInformation().getCreationDate().toInstant());
        }
    }

    @Test
    void everyPageHasItsFooter() throws IOException {
        try (PDDocument doc = Loader.loadPDF(AuditTrailPdf.render(sampleTrail(300)))) {
            int pages = doc.getNumberOfPages();
            PDFTextStripper stripper = new PDFTextStripper();
            for (int page = 1; page <= pages; page++) {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                String text = stripper.getText(doc);
                assertTrue(text.contains("Page " + page + " of " + pages), "footer on page " + page);
                assertTrue(text.contains("Envelope " + ENVELOPE_ID), "envelope id on page " + page);
            }
        }
    }

    @Test
    void noTextLeavesTheMargins() throws IOException {
        try (PDDocument doc = Loader.loadPDF(AuditTrailPdf.render(sampleTrail(300)))) {
            float[] extent = {Float.MAX_VALUE, 0, Float.MAX_VALUE};
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String text, List<TextPosition> positions) throws IOException {
                    for (TextPosition p : positions) {
                        extent[0] = Math.min(extent[0], p.getXDirAdj());
                        extent[1] = Math.max(extent[1], p.getXDirAdj() + p.getWidthDirAdj());
                        extent[2] = Math.min(extent[2], p.getPageHeight() - p.getYDirAdj());
                    }
                    super.writeString(text, positions);
                }
            };
            stripper.getText(doc);
            float pageWidth = doc.getPage(0).getMediaBox().getWidth();
            assertTrue(extent[0] >= 49.5f, "left margin, leftmost glyph at " + extent[0]);
            assertTrue(extent[1] <= pageWidth - 49.5f, "right margin, rightmost glyph ends at " + extent[1]);
            assertTrue(extent[2] >= 30f, "bottom margin, lowest baseline at " + extent[2]);
        }
    }

    @Test
    void rendersAnEmptyTrail() throws IOException {
        Trail trail = new Trail("env_empty", "tnt_1", null, "DRAFT", null, null, START, null, List.of(), List.of(),
                List.of(), GENERATED);

        try (PDDocument doc = Loader.loadPDF(AuditTrailPdf.render(trail))) {
            assertEquals(1, doc.getNumberOfPages());
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("env_empty"));
            assertTrue(text.contains("No documents."));
            assertTrue(text.contains("No recipients."));
            assertTrue(text.contains("No events recorded."));
            assertTrue(text.contains("not completed"));
            assertTrue(text.contains("Page 1 of 1"));
        }
    }

    @Test
    void toleratesNullsEverywhere() throws IOException {
        List<Entry> entries = new ArrayList<>();
        entries.add(new Entry(null, null, null, null, null, null));
        entries.add(null);
        Trail trail = new Trail(null, null, null, null, null, null, null, null,
                List.of(new Doc(null, null, 0, 0, null, null, null)),
                List.of(new Party(null, null, null, null, 0, null)), entries, null);

        try (PDDocument doc = Loader.loadPDF(AuditTrailPdf.render(trail))) {
            assertEquals("Audit trail", doc.getDocumentInformation().getTitle());
            assertTrue(new PDFTextStripper().getText(doc).contains("1 event, oldest first."));
        }
        Trail noLists = new Trail("env_x", null, null, null, null, null, null, null, null, null, null, null);
        try (PDDocument doc = Loader.loadPDF(AuditTrailPdf.render(noLists))) {
            assertTrue(new PDFTextStripper().getText(doc).contains("No events recorded."));
        }
    }

    @Test
    void anyTextRendersAndLatinOneSurvives() throws IOException {
        // Every BMP code point, lone surrogates included, then astral ones: whatever users type must render.
        StringBuilder bmp = new StringBuilder();
        for (int cp = 0; cp < 0x10000; cp++) {
            bmp.append((char) cp);
            if (cp % 97 == 0) {
                bmp.append(' ');
            }
        }
        StringBuilder astral = new StringBuilder();
        for (int cp = 0x10000; cp < 0x110000; cp += 0x3FF) {
            astral.appendCodePoint(cp).append(' ');
        }
        String hostile = "\u0000\u0007\u001b[31m \uD800 \uDFFF x\uDBFF \u202Eevil\u202C \uFEFF \u200B \uFFFD \t\r\n";
        List<Entry> entries = List.of(
                new Entry(START, hostile, hostile, hostile, hostile, bmp.toString()),
                new Entry(START.plusSeconds(1), "astral", "Ünïcödé Çåfé", null, null, astral.toString()),
                new Entry(Instant.MAX, "far future", "system", null, null, null),
                new Entry(Instant.MIN, "far past", "system", null, null, null));
        Trail trail = new Trail(hostile, hostile, "Vertrag 契約 عقد 📄", hostile, hostile, hostile, Instant.MIN,
                Instant.MAX, List.of(new Doc(hostile, hostile, -1, Long.MAX_VALUE, hostile, hostile, hostile)),
                List.of(new Party(hostile, hostile, hostile, hostile, Integer.MIN_VALUE, hostile)), entries,
                Instant.MAX);

        try (PDDocument doc = Loader.loadPDF(AuditTrailPdf.render(trail))) {
            String text = new PDFTextStripper().getText(doc);
            assertTrue(text.contains("Ünïcödé Çåfé"));
            assertTrue(text.contains("Vertrag ?? ??? ?"));
            assertTrue(text.contains("far past") && text.contains("far future"));
        }
    }

    @Test
    void anEntryLongerThanAPageFlowsOntoTheNextPages() throws IOException {
        String detail = "BEGIN " + "lorem ipsum dolor sit amet ".repeat(2_000) + "END";
        Trail trail = new Trail("env_long", "tnt_1", "Long", "SENT", "internal", "simple", START, null, List.of(),
                List.of(), List.of(new Entry(START, "note.added", "ops", null, null, detail)), GENERATED);

        try (PDDocument doc = Loader.loadPDF(AuditTrailPdf.render(trail))) {
            assertTrue(doc.getNumberOfPages() > 2);
            String compact = new PDFTextStripper().getText(doc).replaceAll("\\s+", "");
            assertTrue(compact.contains("BEGINlorem") && compact.contains("ametEND"));
            assertEquals(2_000, compact.split("loremipsum", -1).length - 1, "no line lost at the page breaks");
        }
    }

    /** Package-private so a throwaway timing harness can render the same trail. */
    static Trail sampleTrail(int entryCount) {
        List<Doc> documents = List.of(
                new Doc("doc_01JQ7XA1", "Rahmenvertrag Müller & Söhne.pdf", 12, 483_221L, SHA_BEFORE_1,
                        "doc_01JQ7ZS9", SHA_AFTER_1),
                new Doc("doc_01JQ7XA2", "Anlage 2 – Preisblatt.pdf", 3, 52_004L, SHA_BEFORE_2, null, null));
        List<Party> recipients = List.of(
                new Party("rcp_2", "Zoë Brönnimann-Ærø", "zoe.broennimann@procurement.a-rather-long-company-domain.ch",
                        "APPROVER", 2, "APPROVED"),
                new Party("rcp_1", "José Álvarez Núñez", "jose.alvarez@example.es", "SIGNER", 1, "SIGNED"));
        String[] middle = {"recipient.notified", "recipient.viewed", "document.downloaded", "recipient.signed"};
        List<Entry> entries = new ArrayList<>();
        for (int i = 0; i < entryCount; i++) {
            String event = i == 0 ? "envelope.created"
                    : i == entryCount - 1 ? "envelope.completed" : middle[i % middle.length];
            String ip = i % 7 == 0 ? null : i % 3 == 0 ? "2001:db8:85a3::8a2e:370:" + i : "203.0.113." + (i % 250);
            String userAgent = i % 5 == 0 ? null
                    : i % 3 == 0 ? LONG_USER_AGENT
                    : "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_4) AppleWebKit/605.1.15 Version/17.4 Safari/605.1.15";
            String detail = i % 11 == 0 ? "Kommentar: مرحبا بالعالم 👍 ok"
                    : i % 13 == 0 ? null
                    : i % 17 == 0 ? "line one\r\nline two\twith tab\u0000and NUL"
                    : "page " + (i % 12 + 1) + " of document doc_01JQ7XA1 by José Álvarez Núñez";
            String actor = i % 2 == 0 ? "José Álvarez Núñez <jose.alvarez@example.es>" : "system";
            entries.add(new Entry(START.plusSeconds(37L * i), event, actor, ip, userAgent, detail));
        }
        return new Trail(ENVELOPE_ID, "tnt_acme_gmbh", "Rahmenvertrag 2025 – bitte unterschreiben", "COMPLETED",
                "internal", "advanced", START, START.plusSeconds(37L * (entryCount - 1)), documents, recipients,
                entries, GENERATED);
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(
                    MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
