package dev.signport.envelope.audit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.Comparator;
import java.util.GregorianCalendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TimeZone;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDPageContentStream.AppendMode;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * The audit trail of an envelope as a PDF certificate: envelope summary, documents with their hashes
 * before and after signing, recipients, and every recorded event in chronological order.
 *
 * <p>Only the Standard 14 Helvetica fonts are used, so rendering needs no font files and the PDF stays
 * small. Those fonts cover WinAnsiEncoding only; anything else (Arabic, CJK, emoji, control characters)
 * becomes '?', because an audit trail must be producible for every envelope whatever its users typed.
 */
public final class AuditTrailPdf {

    public record Trail(String envelopeId, String tenantId, String subject, String status, String provider,
            String mode, Instant createdAt, Instant completedAt, List<Doc> documents, List<Party> recipients,
            List<Entry> entries, Instant generatedAt) {}

    /** sha256After/signedDocumentId null until signed. */
    public record Doc(String documentId, String name, int pages, long sizeBytes, String sha256Before,
            String signedDocumentId, String sha256After) {}

    public record Party(String recipientId, String name, String email, String role, int order, String status) {}

    /** ip, userAgent, detail may be null. */
    public record Entry(Instant at, String event, String actor, String ip, String userAgent, String detail) {}

    private static final PDRectangle PAGE_SIZE = PDRectangle.A4;
    private static final float LEFT = 50f;
    private static final float RIGHT = PAGE_SIZE.getWidth() - 50f;
    private static final float TOP = PAGE_SIZE.getHeight() - 50f;
    // Leaves room for the footer, which is only drawn once the page count is known.
    private static final float BOTTOM = 64f;
    private static final float FOOTER_RULE = 50f;
    private static final float FOOTER_BASELINE = 37f;

    private static final float TITLE = 22f;
    private static final float SECTION = 13f;
    private static final float SUBSECTION = 10f;
    private static final float BODY = 9f;
    private static final float EVENT = 8.5f;
    private static final float FOOTER = 7.5f;
    private static final float LEADING = 1.3f;
    private static final float GAP = 10f;
    private static final float PAD = 5f;

    private static final float BLACK = 0f;
    private static final float DARK = 0.25f;
    private static final float MUTED = 0.45f;
    private static final float RULE = 0.8f;
    private static final float FILL = 0.93f;

    private static final String NONE = "\u2014";
    private static final String NOT_SIGNED = "not signed yet";

    private AuditTrailPdf() {}

    public static byte[] render(Trail trail) {
        Objects.requireNonNull(trail, "trail");
        try (PDDocument doc = new PDDocument()) {
            new Renderer(doc, trail).run();
            PDDocumentInformation info = doc.getDocumentInformation();
            info.setTitle(trail.envelopeId() == null ? "Audit trail" : "Audit trail " + trail.envelopeId());
            info.setProducer("Signport");
            Calendar created = calendar(trail.generatedAt());
            if (created != null) {
                info.setCreationDate(created);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (IOException e) {
            // Everything happens in memory: this is a PDFBox failure, not something a caller can react to.
            throw new UncheckedIOException("Rendering the audit trail failed", e);
        }
    }

    /** A cell to wrap into its column; the text is raw and gets cleaned for the face. */
    private record Cell(float x, float width, Face face, float size, float gray, String text) {}

    /** One already clean, already fitting piece of text on a line. */
    private record Frag(float x, Face face, float size, float gray, String text) {}

    private static final class Line {
        final float size;
        final List<Frag> frags = new ArrayList<>();

        Line(float size) {
            this.size = size;
        }

        float height() {
            return size * LEADING;
        }
    }

    /** Drawn when a block is placed, before its text, so fills stay behind it. */
    private interface Deco {
        void draw(float top, float firstLineHeight) throws IOException;
    }

    private interface PageStart {
        void draw() throws IOException;
    }

    private static final class Renderer {
        private final PDDocument doc;
        private final Trail trail;
        private final Face regular = new Face(new PDType1Font(Standard14Fonts.FontName.HELVETICA));
        private final Face bold = new Face(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD));
        private final List<PDPage> pages = new ArrayList<>();
        private PDPageContentStream cs;
        private float y;
        private float freshTop;
        private PageStart continuation;

        Renderer(PDDocument doc, Trail trail) {
            this.doc = doc;
            this.trail = trail;
        }

        void run() throws IOException {
            newPage();
            try {
                title();
                summary();
                documents();
                recipients();
                events();
            } finally {
                cs.close();
            }
            footers();
        }

        private void title() throws IOException {
            block(row(new Cell(LEFT, RIGHT - LEFT, bold, TITLE, BLACK, "Audit trail")), 0, 4, null);
            block(row(new Cell(LEFT, RIGHT - LEFT, regular, BODY, MUTED,
                    "Record of the documents, recipients and events of this Signport envelope. "
                            + "All times are UTC (ISO-8601).")), 0, 0, null);
        }

        private void summary() throws IOException {
            section("Envelope");
            keyValues(List.of(
                    kv("Envelope ID", trail.envelopeId()),
                    kv("Subject", trail.subject()),
                    kv("Tenant", trail.tenantId()),
                    kv("Mode", trail.mode()),
                    kv("Provider", trail.provider()),
                    kv("Status", trail.status()),
                    kv("Created", time(trail.createdAt())),
                    kv("Completed", trail.completedAt() == null ? "not completed" : time(trail.completedAt())),
                    kv("Generated", time(trail.generatedAt()))));
        }

        private void documents() throws IOException {
            section("Documents");
            List<Doc> docs = present(trail.documents());
            if (docs.isEmpty()) {
                note("No documents.");
                return;
            }
            int n = 0;
            for (Doc d : docs) {
                n++;
                // A document heading alone at the bottom of a page would be separated from its hashes.
                keepRoom(SUBSECTION * LEADING + 4 * BODY * LEADING + 20);
                block(row(new Cell(LEFT, RIGHT - LEFT, bold, SUBSECTION, BLACK, n + ". " + orNone(d.name()))),
                        n == 1 ? 0 : 10, 3, null);
                keyValues(List.of(
                        kv("Document ID", d.documentId()),
                        kv("Pages", Integer.toString(d.pages())),
                        kv("Size", size(d.sizeBytes())),
                        kv("SHA-256 before signing", d.sha256Before()),
                        kv("Signed document ID", d.signedDocumentId() == null ? NOT_SIGNED : d.signedDocumentId()),
                        kv("SHA-256 after signing", d.sha256After() == null ? NOT_SIGNED : d.sha256After())));
            }
        }

        private void recipients() throws IOException {
            section("Recipients");
            List<Party> parties = new ArrayList<>(present(trail.recipients()));
            if (parties.isEmpty()) {
                note("No recipients.");
                return;
            }
            parties.sort(Comparator.comparingInt(Party::order));
            float width = RIGHT - LEFT;
            float[] starts = new float[6];
            float[] shares = {0.07f, 0.27f, 0.33f, 0.15f, 0.18f};
            starts[0] = LEFT;
            for (int i = 0; i < shares.length; i++) {
                starts[i + 1] = starts[i] + shares[i] * width;
            }
            starts[5] = RIGHT;
            PageStart header = () -> {
                String[] titles = {"#", "Name", "Email", "Role", "Status"};
                Cell[] cells = new Cell[titles.length];
                for (int i = 0; i < titles.length; i++) {
                    cells[i] = new Cell(starts[i] + 4, starts[i + 1] - starts[i] - 8, bold, BODY, DARK, titles[i]);
                }
                block(row(cells), 3, 3, (top, h) -> {
                    cs.setNonStrokingColor(FILL);
                    cs.addRect(LEFT, top - h - 6, width, h + 6);
                    cs.fill();
                });
            };
            header.draw();
            continuation = header;
            for (Party p : parties) {
                String[] values = {Integer.toString(p.order()), orNone(p.name()), orNone(p.email()), orNone(p.role()),
                        orNone(p.status())};
                Cell[] cells = new Cell[values.length];
                for (int i = 0; i < values.length; i++) {
                    cells[i] = new Cell(starts[i] + 4, starts[i + 1] - starts[i] - 8, regular, BODY, BLACK, values[i]);
                }
                block(row(cells), 4, 3, (top, h) -> rule(cs, LEFT, RIGHT, top, RULE, 0.5f));
            }
            rule(cs, LEFT, RIGHT, y, RULE, 0.5f);
            continuation = null;
        }

        private void events() throws IOException {
            section("Events");
            List<Entry> entries = new ArrayList<>(present(trail.entries()));
            if (entries.isEmpty()) {
                note("No events recorded.");
                return;
            }
            // Stable, so events recorded in the same second keep the order the caller gave them.
            entries.sort(Comparator.comparing(Entry::at, Comparator.nullsLast(Comparator.naturalOrder())));
            note(entries.size() + (entries.size() == 1 ? " event" : " events") + ", oldest first.");
            continuation = () -> block(row(new Cell(LEFT, RIGHT - LEFT, bold, BODY, MUTED, "Events (continued)")),
                    0, 6, null);

            float timeWidth = regular.width("0000-00-00T00:00:00Z", EVENT) + 1;
            float x1 = LEFT + timeWidth + GAP;
            float labelWidth = 0;
            for (String label : List.of("Actor", "IP address", "User agent", "Detail")) {
                labelWidth = Math.max(labelWidth, regular.width(label, EVENT) + 1);
            }
            float x2 = x1 + labelWidth + GAP;

            int n = 0;
            for (Entry e : entries) {
                n++;
                List<Line> lines = new ArrayList<>(
                        row(new Cell(x1, RIGHT - x1, bold, EVENT + 0.5f, BLACK, orNone(e.event()))));
                lines.addAll(row(detailLabel(x1, labelWidth, "Actor"),
                        new Cell(x2, RIGHT - x2, regular, EVENT, BLACK, orNone(e.actor()))));
                if (!blank(e.ip())) {
                    lines.addAll(row(detailLabel(x1, labelWidth, "IP address"),
                            new Cell(x2, RIGHT - x2, regular, EVENT, BLACK, e.ip())));
                }
                if (!blank(e.userAgent())) {
                    lines.addAll(row(detailLabel(x1, labelWidth, "User agent"),
                            new Cell(x2, RIGHT - x2, regular, EVENT, BLACK, e.userAgent())));
                }
                if (!blank(e.detail())) {
                    lines.addAll(row(detailLabel(x1, labelWidth, "Detail"),
                            new Cell(x2, RIGHT - x2, regular, EVENT, BLACK, e.detail())));
                }
                // The time column runs beside the event and all its details, so it is attached afterwards.
                List<String> side = new ArrayList<>(regular.wrap(time(e.at()), EVENT, timeWidth));
                side.add("#" + n);
                for (int i = 0; i < side.size(); i++) {
                    if (i == lines.size()) {
                        lines.add(new Line(EVENT));
                    }
                    // First in the line so text extraction reads the time before the event.
                    lines.get(i).frags.add(0, new Frag(LEFT, regular, EVENT, i < side.size() - 1 ? DARK : MUTED,
                            side.get(i)));
                }
                block(lines, 5, 3, n == 1 ? null : (top, h) -> rule(cs, LEFT, RIGHT, top, 0.87f, 0.4f));
            }
            continuation = null;
        }

        private Cell detailLabel(float x, float width, String label) {
            return new Cell(x, width, regular, EVENT, MUTED, label);
        }

        private void section(String name) throws IOException {
            if (y < freshTop) {
                y -= 16;
            }
            // Headings never end a page: keep room for the heading plus its first rows.
            keepRoom(SECTION * LEADING + 8 + 3 * BODY * LEADING + 12);
            block(row(new Cell(LEFT, RIGHT - LEFT, bold, SECTION, BLACK, name)), 0, 0, null);
            rule(cs, LEFT, RIGHT, y, DARK, 0.8f);
            y -= 6;
        }

        private void note(String text) throws IOException {
            block(row(new Cell(LEFT, RIGHT - LEFT, regular, BODY, MUTED, text)), 0, 4, null);
        }

        private void keyValues(List<String[]> rows) throws IOException {
            float labelWidth = 0;
            for (String[] r : rows) {
                labelWidth = Math.max(labelWidth, bold.width(bold.clean(r[0]), BODY) + 1);
            }
            float labelX = LEFT + 4;
            float valueX = labelX + labelWidth + GAP;
            for (String[] r : rows) {
                block(row(new Cell(labelX, labelWidth, bold, BODY, DARK, r[0]),
                                new Cell(valueX, RIGHT - 4 - valueX, regular, BODY, BLACK, r[1])),
                        4, 3, (top, h) -> rule(cs, LEFT, RIGHT, top, RULE, 0.5f));
            }
            rule(cs, LEFT, RIGHT, y, RULE, 0.5f);
        }

        /** Wraps every cell into its column and zips the cells into lines sharing a baseline. */
        private List<Line> row(Cell... cells) {
            List<List<String>> wrapped = new ArrayList<>(cells.length);
            int count = 0;
            float size = 0;
            for (Cell c : cells) {
                List<String> lines = c.face().wrap(c.text(), c.size(), c.width());
                wrapped.add(lines);
                count = Math.max(count, lines.size());
                size = Math.max(size, c.size());
            }
            List<Line> lines = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                Line line = new Line(size);
                for (int j = 0; j < cells.length; j++) {
                    List<String> column = wrapped.get(j);
                    if (i < column.size() && !column.get(i).isEmpty()) {
                        Cell c = cells[j];
                        line.frags.add(new Frag(c.x(), c.face(), c.size(), c.gray(), column.get(i)));
                    }
                }
                lines.add(line);
            }
            return lines;
        }

        /**
         * Places lines as one unit: moved to the next page whole if they fit on a page at all, otherwise
         * flowed line by line so that an oversized detail cannot stall or overflow the layout.
         */
        private void block(List<Line> lines, float padTop, float padBottom, Deco deco) throws IOException {
            float height = padTop + padBottom;
            for (Line l : lines) {
                height += l.height();
            }
            if (y - height < BOTTOM && y < freshTop && height <= freshTop - BOTTOM) {
                newPage();
            }
            if (deco != null) {
                deco.draw(y, lines.isEmpty() ? 0 : lines.get(0).height());
            }
            y -= padTop;
            for (Line l : lines) {
                if (y - l.height() < BOTTOM) {
                    newPage();
                }
                float baseline = y - l.size;
                for (Frag f : l.frags) {
                    show(cs, f.face(), f.size(), f.gray(), f.x(), baseline, f.text());
                }
                y -= l.height();
            }
            y -= padBottom;
        }

        private void keepRoom(float height) throws IOException {
            if (y - height < BOTTOM && y < freshTop) {
                newPage();
            }
        }

        private void newPage() throws IOException {
            if (cs != null) {
                cs.close();
            }
            PDPage page = new PDPage(PAGE_SIZE);
            doc.addPage(page);
            pages.add(page);
            cs = new PDPageContentStream(doc, page);
            y = TOP;
            freshTop = TOP;
            if (continuation != null) {
                continuation.draw();
            }
            freshTop = y;
        }

        /** Page numbers need the final page count, so footers are appended after the body is laid out. */
        private void footers() throws IOException {
            int total = pages.size();
            String id = regular.clean(orNone(trail.envelopeId())).replace('\n', ' ');
            for (int i = 0; i < total; i++) {
                String right = "Page " + (i + 1) + " of " + total;
                float rightWidth = regular.width(right, FOOTER);
                String left = regular.fit("Audit trail \u00b7 Envelope " + id, FOOTER, RIGHT - LEFT - rightWidth - 20);
                try (PDPageContentStream footer =
                        new PDPageContentStream(doc, pages.get(i), AppendMode.APPEND, true, true)) {
                    rule(footer, LEFT, RIGHT, FOOTER_RULE, RULE, 0.5f);
                    show(footer, regular, FOOTER, MUTED, LEFT, FOOTER_BASELINE, left);
                    show(footer, regular, FOOTER, MUTED, RIGHT - rightWidth, FOOTER_BASELINE, right);
                }
            }
        }
    }

    /**
     * A font plus what has been learnt about it during one render. Per render rather than static: PDFont
     * instances are not thread-safe, and a static cache would grow with every distinct code point ever seen.
     */
    private static final class Face {
        private final PDFont font;
        private final Map<Integer, Boolean> encodable = new HashMap<>();
        private final Map<Character, Float> widths = new HashMap<>();

        Face(PDFont font) {
            this.font = font;
        }

        /**
         * Text this font can show: line breaks normalised to '\n', every kind of space to ' ', and each code
         * point outside the font's encoding (a surrogate pair counts as one) to '?'.
         */
        String clean(String raw) {
            if (raw == null) {
                return "";
            }
            StringBuilder out = new StringBuilder(raw.length());
            int i = 0;
            while (i < raw.length()) {
                int cp = raw.codePointAt(i);
                i += Character.charCount(cp);
                if (cp == '\r') {
                    if (i < raw.length() && raw.charAt(i) == '\n') {
                        i++;
                    }
                    out.append('\n');
                } else if (cp == '\n' || cp == 0x2028 || cp == 0x2029) {
                    out.append('\n');
                } else if (cp == '\t' || Character.isSpaceChar(cp)) {
                    out.append(' ');
                } else if (canEncode(cp)) {
                    out.appendCodePoint(cp);
                } else {
                    out.append('?');
                }
            }
            return out.toString();
        }

        private boolean canEncode(int cp) {
            Boolean known = encodable.get(cp);
            if (known == null) {
                known = probe(cp);
                encodable.put(cp, known);
            }
            return known;
        }

        private boolean probe(int cp) {
            if (Character.isISOControl(cp)) {
                return false;
            }
            try {
                font.encode(new String(Character.toChars(cp)));
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }

        /** Width of clean text; additive because the Standard 14 fonts are shown without kerning. */
        float width(String clean, float size) {
            float units = 0;
            for (int i = 0; i < clean.length(); i++) {
                units += glyphWidth(clean.charAt(i));
            }
            return units * size / 1000f;
        }

        private float glyphWidth(char c) {
            Float w = widths.get(c);
            if (w == null) {
                try {
                    w = font.getStringWidth(String.valueOf(c));
                } catch (IOException | RuntimeException e) {
                    w = 1000f; // overestimating only wraps earlier; underestimating would overflow the page
                }
                widths.put(c, w);
            }
            return w;
        }

        /** Clean lines no wider than maxWidth: breaks at spaces, and inside words that alone are too wide. */
        List<String> wrap(String raw, float size, float maxWidth) {
            List<String> lines = new ArrayList<>();
            for (String paragraph : clean(raw).strip().split("\n", -1)) {
                wrapParagraph(paragraph, size, maxWidth, lines);
            }
            return lines;
        }

        private void wrapParagraph(String paragraph, float size, float maxWidth, List<String> out) {
            float space = width(" ", size);
            StringBuilder line = new StringBuilder();
            float lineWidth = 0;
            for (String word : paragraph.split(" +")) {
                if (word.isEmpty()) {
                    continue;
                }
                float w = width(word, size);
                if (line.length() > 0 && lineWidth + space + w <= maxWidth) {
                    line.append(' ').append(word);
                    lineWidth += space + w;
                    continue;
                }
                if (line.length() > 0) {
                    out.add(line.toString());
                    line.setLength(0);
                    lineWidth = 0;
                }
                if (w <= maxWidth) {
                    line.append(word);
                    lineWidth = w;
                    continue;
                }
                for (int i = 0; i < word.length(); i++) {
                    char c = word.charAt(i);
                    float cw = glyphWidth(c) * size / 1000f;
                    if (line.length() > 0 && lineWidth + cw > maxWidth) {
                        out.add(line.toString());
                        line.setLength(0);
                        lineWidth = 0;
                    }
                    line.append(c);
                    lineWidth += cw;
                }
            }
            // Also for an empty paragraph, so blank lines inside a detail survive and every cell has a line.
            out.add(line.toString());
        }

        /** Clean single-line text shortened with "..." to fit. */
        String fit(String raw, float size, float maxWidth) {
            String text = clean(raw).replace('\n', ' ');
            if (width(text, size) <= maxWidth) {
                return text;
            }
            int end = text.length();
            while (end > 0 && width(text.substring(0, end) + "...", size) > maxWidth) {
                end--;
            }
            return text.substring(0, end) + "...";
        }
    }

    private static void show(PDPageContentStream s, Face face, float size, float gray, float x, float baseline,
            String clean) throws IOException {
        if (clean.isEmpty()) {
            return;
        }
        s.beginText();
        s.setFont(face.font, size);
        s.setNonStrokingColor(gray);
        s.newLineAtOffset(x, baseline);
        s.showText(clean);
        s.endText();
    }

    private static void rule(PDPageContentStream s, float x0, float x1, float atY, float gray, float width)
            throws IOException {
        s.setStrokingColor(gray);
        s.setLineWidth(width);
        s.moveTo(x0, atY);
        s.lineTo(x1, atY);
        s.stroke();
    }

    private static String[] kv(String label, String value) {
        return new String[] {label, orNone(value)};
    }

    private static String orNone(String value) {
        return blank(value) ? NONE : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static <T> List<T> present(List<T> items) {
        if (items == null) {
            return List.of();
        }
        List<T> out = new ArrayList<>(items.size());
        for (T item : items) {
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    /** ISO_INSTANT rather than a pattern: it also copes with years beyond 9999. */
    private static String time(Instant at) {
        return at == null ? NONE : DateTimeFormatter.ISO_INSTANT.format(at.truncatedTo(ChronoUnit.SECONDS));
    }

    private static String size(long bytes) {
        String exact = bytes == 1 ? "1 byte" : String.format(Locale.ROOT, "%,d bytes", bytes);
        if (bytes < 1024) {
            return exact;
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return exact + String.format(Locale.ROOT, " (%.1f %s)", value, units[unit]);
    }

    private static Calendar calendar(Instant at) {
        if (at == null) {
            return null;
        }
        try {
            GregorianCalendar calendar = new GregorianCalendar(TimeZone.getTimeZone("UTC"), Locale.ROOT);
            calendar.setTimeInMillis(at.toEpochMilli());
            return calendar;
        } catch (ArithmeticException e) {
            return null; // outside what a PDF date can express; the printed "Generated" row still shows it
        }
    }
}
