package dev.signport.document.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.Deflater;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDStream;
import org.apache.pdfbox.pdmodel.encryption.AccessPermission;
import org.apache.pdfbox.pdmodel.encryption.StandardProtectionPolicy;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * PDFs for tests, generated with PDFBox: valid ones of a given size, protected, damaged, or not PDFs
 * at all; and, written byte by byte, hostile ones that make an unguarded PDFBox exhaust the heap,
 * the stack or the clock.
 */
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

    // --- Hostile PDFs -------------------------------------------------------------------------

    /**
     * An xref stream that really holds {@code entries} in-use entries (compressed, a few KB for
     * millions) and claims 2^31-1 in /Size and /Index: PDFBox records every one in a map (3 million
     * exhaust a 256 MB heap).
     */
    public static byte[] xrefStreamBomb(int entries) {
        Raw r = onePage();
        long xref = r.position();
        byte[] data = new byte[entries * 6];
        for (int i = 0; i < entries; i++) {
            data[i * 6] = 1; // type 1 (in use), offset 0, generation 0
        }
        r.stream(4, "/Type/XRef/Size 2147483647/Index[0 2147483647]/W[1 4 1]/Root 1 0 R/Filter/FlateDecode",
                deflate(data));
        return r.end(xref);
    }

    /**
     * A 300-byte xref stream with zero-width entries ({@code /W [0 0 0]}) and /Size 2^31-1: PDFBox
     * reads entries that take no bytes until the claimed count is reached, filling the heap.
     */
    public static byte[] zeroWidthXrefBomb() {
        Raw r = onePage();
        long xref = r.position();
        r.stream(4, "/Type/XRef/Size 2147483647/W[0 0 0]/Root 1 0 R/Filter/FlateDecode",
                deflate("0123456789".getBytes(StandardCharsets.US_ASCII)));
        return r.end(xref);
    }

    /** The page tree root lives in an object stream claiming 2^31-1 objects (/N) and a /First far past its end. */
    public static byte[] objectStreamBomb() {
        Raw r = new Raw().obj(1, "<</Type/Catalog/Pages 2 0 R>>");
        String body = "<</Type/Pages/Kids[3 0 R]/Count 1>>";
        r.stream(4, "/Type/ObjStm/N 2147483647/First 2147483647/Filter/FlateDecode",
                deflate(ascii("2 0 " + body)));
        r.obj(3, page(2));
        long xref = r.position();
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        long[][] rows = {{0, 0, 255}, {1, r.offset(1), 0}, {2, 4, 0}, {1, r.offset(3), 0}, {1, r.offset(4), 0},
                {1, xref, 0}};
        for (long[] row : rows) {
            entry(entries, row[0], row[1], row[2]);
        }
        r.stream(5, "/Type/XRef/Size 6/W[1 4 2]/Root 1 0 R", entries.toByteArray());
        return r.end(xref);
    }

    /** The catalog holds arrays nested {@code depth} levels deep. */
    public static byte[] deeplyNestedArrays(int depth) {
        return new Raw().obj(1, "<</Type/Catalog/Pages 2 0 R/Deep " + "[".repeat(depth) + "]".repeat(depth) + ">>")
                .obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>").obj(3, page(2)).table();
    }

    /** The page tree root holds dictionaries nested {@code depth} levels deep. */
    public static byte[] deeplyNestedDictionaries(int depth) {
        return new Raw().obj(1, "<</Type/Catalog/Pages 2 0 R>>")
                .obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1/Deep " + "<</A ".repeat(depth) + "1" + ">>".repeat(depth) + ">>")
                .obj(3, page(2)).table();
    }

    /** A page tree claiming 10^9 pages whose nodes list each other and the root as kids. */
    public static byte[] cyclicPageTree() {
        return new Raw().obj(1, "<</Type/Catalog/Pages 2 0 R>>")
                .obj(2, "<</Type/Pages/Kids[3 0 R 4 0 R 2 0 R]/Count 1000000000>>")
                .obj(3, page(2))
                .obj(4, "<</Type/Pages/Parent 2 0 R/Kids[2 0 R 4 0 R 3 0 R]/Count 999999999>>")
                .table();
    }

    /** A root whose kids list the same intermediate node {@code copies} times (PDFBox logs each, and repairs quadratically). */
    public static byte[] repeatedKids(int copies) {
        return new Raw().obj(1, "<</Type/Catalog/Pages 2 0 R>>")
                .obj(2, "<</Type/Pages/Kids[" + "4 0 R ".repeat(copies) + "]/Count 1000000000>>")
                .obj(3, page(4)).obj(4, "<</Type/Pages/Parent 2 0 R/Kids[3 0 R]/Count 1>>")
                .table();
    }

    /** A page tree {@code depth} levels deep (each node's only kid is the next), compressed in one object stream. */
    public static byte[] deepPageTree(int depth) {
        Raw r = new Raw().obj(1, "<</Type/Catalog/Pages 2 0 R>>");
        int first = 2;
        int last = first + depth - 1;
        int pageObject = last + 1;
        int objectStream = pageObject + 1;
        int xrefObject = objectStream + 1;
        StringBuilder head = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (int n = first; n <= last; n++) {
            head.append(n).append(' ').append(body.length()).append(' ');
            body.append("<</Type/Pages/Kids[").append(n == last ? pageObject : n + 1).append(" 0 R]/Count 1>>\n");
        }
        r.obj(pageObject, page(last));
        r.stream(objectStream, "/Type/ObjStm/N " + depth + "/First " + head.length() + "/Filter/FlateDecode",
                deflate(ascii(head.toString() + body)));
        long xref = r.position();
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (int n = 0; n <= xrefObject; n++) {
            if (n == 0) {
                entry(entries, 0, 0, 255);
            } else if (n >= first && n <= last) {
                entry(entries, 2, objectStream, n - first);
            } else {
                entry(entries, 1, n == xrefObject ? xref : r.offset(n), 0);
            }
        }
        r.stream(xrefObject, "/Type/XRef/Size " + (xrefObject + 1) + "/W[1 4 2]/Root 1 0 R/Filter/FlateDecode",
                deflate(entries.toByteArray()));
        return r.end(xref);
    }

    /**
     * Slow rather than big: {@code objects} tiny objects in one object stream, and {@code kids} page
     * tree kids that the xref places in that stream although it does not hold them. PDFBox decodes
     * and parses the whole stream again for every such kid: 50,000 objects and 900 kids take tens of
     * seconds, from a third of a megabyte.
     */
    public static byte[] slowObjectStream(int objects, int kids) {
        Raw r = new Raw();
        int firstKid = 100_001;
        StringBuilder kidRefs = new StringBuilder();
        for (int i = 0; i < kids; i++) {
            kidRefs.append(firstKid + i).append(" 0 R ");
        }
        r.obj(1, "<</Type/Catalog/Pages 2 0 R>>");
        r.obj(2, "<</Type/Pages/Kids[" + kidRefs + "]/Count " + kids + ">>");
        StringBuilder head = new StringBuilder();
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < objects; i++) {
            head.append(10 + i).append(' ').append(body.length()).append(' ');
            body.append("<<>>\n");
        }
        r.stream(3, "/Type/ObjStm/N " + objects + "/First " + head.length() + "/Filter/FlateDecode",
                deflate(ascii(head.toString() + body)));
        long xref = r.position();
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        entry(entries, 0, 0, 255);
        entry(entries, 1, r.offset(1), 0);
        entry(entries, 1, r.offset(2), 0);
        entry(entries, 1, r.offset(3), 0);
        entry(entries, 0, 0, 0);
        entry(entries, 1, xref, 0);
        for (int i = 0; i < objects + kids; i++) {
            entry(entries, 2, 3, i);
        }
        r.stream(5, "/Type/XRef/Size " + (firstKid + kids) + "/Index[0 6 10 " + objects + " " + firstKid + " " + kids
                + "]/W[1 4 2]/Root 1 0 R/Filter/FlateDecode", deflate(entries.toByteArray()));
        return r.end(xref);
    }

    private static Raw onePage() {
        return new Raw().obj(1, "<</Type/Catalog/Pages 2 0 R>>").obj(2, "<</Type/Pages/Kids[3 0 R]/Count 1>>")
                .obj(3, page(2));
    }

    private static String page(int parent) {
        return "<</Type/Page/Parent " + parent + " 0 R/MediaBox[0 0 612 792]>>";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] deflate(byte[] data) {
        Deflater deflater = new Deflater(9);
        deflater.setInput(data);
        deflater.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        while (!deflater.finished()) {
            out.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        return out.toByteArray();
    }

    /** One xref stream entry with widths [1 4 2]. */
    private static void entry(ByteArrayOutputStream out, long type, long field2, long field3) {
        out.write((int) type);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (field2 >>> shift));
        }
        out.write((int) (field3 >>> 8));
        out.write((int) field3);
    }

    /** A PDF written object by object, with the offsets its cross-reference data needs. */
    private static final class Raw {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final TreeMap<Integer, Long> offsets = new TreeMap<>();

        Raw() {
            out.writeBytes(ascii("%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n"));
        }

        Raw obj(int number, String body) {
            offsets.put(number, (long) out.size());
            out.writeBytes(ascii(number + " 0 obj\n" + body + "\nendobj\n"));
            return this;
        }

        Raw stream(int number, String dictionary, byte[] data) {
            offsets.put(number, (long) out.size());
            out.writeBytes(ascii(number + " 0 obj\n<<" + dictionary + "/Length " + data.length + ">>\nstream\n"));
            out.writeBytes(data);
            out.writeBytes(ascii("\nendstream\nendobj\n"));
            return this;
        }

        long offset(int number) {
            return offsets.get(number);
        }

        long position() {
            return out.size();
        }

        /** Ends with a classic xref table and trailer. */
        byte[] table() {
            long xref = out.size();
            int size = offsets.lastKey() + 1;
            StringBuilder sb = new StringBuilder("xref\n0 " + size + "\n0000000000 65535 f \n");
            for (int i = 1; i < size; i++) {
                Long o = offsets.get(i);
                sb.append(o == null ? "0000000000 65535 f \n" : String.format("%010d 00000 n \n", o));
            }
            sb.append("trailer\n<</Size ").append(size).append("/Root 1 0 R>>\nstartxref\n").append(xref)
                    .append("\n%%EOF\n");
            out.writeBytes(ascii(sb.toString()));
            return out.toByteArray();
        }

        /** Ends with startxref pointing at an xref stream already written. */
        byte[] end(long startxref) {
            out.writeBytes(ascii("startxref\n" + startxref + "\n%%EOF\n"));
            return out.toByteArray();
        }
    }
}
