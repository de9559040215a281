package dev.signport.pades;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import javax.imageio.ImageIO;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.apache.pdfbox.text.TextPosition;

/**
 * Reads what a signing page needs from an untrusted PDF — page sizes, page images, the position of anchor texts —
 * without letting a hostile file take the heap. PDFBox inflates a stream completely into memory when it renders or
 * extracts text (see {@link PdfInput}), so before a page is touched every stream it may decode (content, form
 * XObjects, images, embedded fonts) is measured: Flate streams are inflated here, chunk by chunk, and counted (the
 * inflated bytes are thrown away); other filters are bounded by their worst-case expansion; images by their declared
 * pixel count. A page over the budget is refused with {@link DocumentRejectedException}: a 1 MB file inflating to a
 * gigabyte costs at most the time to inflate {@code maxDecodedBytesPerPage}, never the memory.
 *
 * <p>Time is the caller's to bound (run it on a small pool with a timeout): measuring and rendering one page within
 * the budget takes well under a second on ordinary documents. Not thread-safe; one instance per request.
 */
public final class PdfPages implements AutoCloseable {

    /**
     * @param maxDecodedBytesPerPage what a page's streams may decode to in all (content, forms, fonts, images)
     * @param maxImagePixels         largest image (width × height) a page may draw, and the largest rendered page
     */
    public record Budget(long maxDecodedBytesPerPage, long maxImagePixels) {

        /** 64 MiB decoded and 40 megapixels per page: far above real contracts, far below a heap. */
        public static final Budget DEFAULT = new Budget(64L << 20, 40_000_000L);

        public Budget {
            if (maxDecodedBytesPerPage <= 0 || maxImagePixels <= 0) {
                throw new IllegalArgumentException("budgets must be positive");
            }
        }
    }

    /** A page's displayed size in points (crop box after /Rotate). */
    public record PageSize(double width, double height) {}

    /** Where an anchor text was found: 1-based page, top-left origin in points, as {@link Placement} uses them. */
    public record AnchorHit(int page, double x, double y, double width, double height) {}

    private static final int MAX_XOBJECT_DEPTH = 8;
    /** Worst-case expansion of filters that are not measured by inflating (LZW's table tops out at 4096 entries). */
    private static final long LZW_RATIO = 4096;
    private static final long RUN_LENGTH_RATIO = 128;

    private final PDDocument doc;
    private final Budget budget;
    private final boolean[] checked;

    private PdfPages(PDDocument doc, Budget budget) {
        this.doc = doc;
        this.budget = budget;
        this.checked = new boolean[doc.getNumberOfPages()];
    }

    /** Opens a PDF within {@code limits} (size, pages, stream cache); refuses what cannot be read. */
    public static PdfPages open(byte[] pdf, Limits limits, Budget budget) {
        return new PdfPages(PdfInput.open(Objects.requireNonNull(pdf, "pdf"), limits), budget);
    }

    public int count() {
        return checked.length;
    }

    public PageSize size(int page) {
        PDPage p = page(page);
        PDRectangle box = p.getCropBox();
        int rotation = ((p.getRotation() % 360) + 360) % 360;
        boolean quarter = rotation == 90 || rotation == 270;
        return quarter ? new PageSize(box.getHeight(), box.getWidth()) : new PageSize(box.getWidth(), box.getHeight());
    }

    /**
     * Renders a 1-based page as PNG at {@code dpi}, lowered if needed so the image stays within the pixel budget and
     * {@code maxSide} pixels on its longer side.
     */
    public byte[] renderPng(int page, float dpi, int maxSide) {
        guard(page);
        PageSize size = size(page);
        double scale = dpi / 72.0;
        double longer = Math.max(size.width(), size.height()) * scale;
        if (longer > maxSide) {
            scale *= maxSide / longer;
        }
        double pixels = size.width() * scale * size.height() * scale;
        if (pixels > budget.maxImagePixels()) {
            scale *= Math.sqrt(budget.maxImagePixels() / pixels);
        }
        try {
            PDFRenderer renderer = new PDFRenderer(doc);
            // Large images are drawn from a subsample: a page preview needs no more pixels than it shows.
            renderer.setSubsamplingAllowed(true);
            BufferedImage image = renderer.renderImage(page - 1, (float) scale, ImageType.RGB);
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (IOException | RuntimeException e) {
            throw new DocumentRejectedException("page " + page + " cannot be rendered: " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            // Should not happen within the budget; if a construct we do not measure still blows up, the page is
            // refused and the heap is released with the renderer, instead of the worker dying.
            throw new DocumentRejectedException("page " + page + " needs more memory to render than allowed");
        }
    }

    /**
     * Every occurrence of {@code text} (exact, after PDFBox's text extraction: the words as displayed), in page order.
     * Each page searched is guarded first.
     */
    public List<AnchorHit> find(String text) {
        Objects.requireNonNull(text, "text");
        if (text.isBlank()) {
            return List.of();
        }
        List<AnchorHit> hits = new ArrayList<>();
        for (int page = 1; page <= count(); page++) {
            guard(page);
            hits.addAll(findOnPage(page, text));
        }
        return hits;
    }

    private List<AnchorHit> findOnPage(int page, String needle) {
        List<AnchorHit> hits = new ArrayList<>();
        try {
            PDFTextStripper stripper = new PDFTextStripper() {
                @Override
                protected void writeString(String line, List<TextPosition> positions) {
                    // Ligatures and the like make characters and positions disagree: such lines are not searched.
                    if (positions.size() != line.length()) {
                        return;
                    }
                    for (int at = line.indexOf(needle); at >= 0; at = line.indexOf(needle, at + needle.length())) {
                        hits.add(hit(page, positions.subList(at, at + needle.length())));
                    }
                }
            };
            stripper.setStartPage(page);
            stripper.setEndPage(page);
            stripper.setSortByPosition(true);
            stripper.getText(doc);
        } catch (IOException | RuntimeException e) {
            throw new DocumentRejectedException("the text of page " + page + " cannot be read: " + e.getMessage(), e);
        }
        return hits;
    }

    private static AnchorHit hit(int page, List<TextPosition> chars) {
        TextPosition first = chars.get(0);
        TextPosition last = chars.get(chars.size() - 1);
        double x = first.getXDirAdj();
        double height = Math.max(first.getHeightDir(), 1);
        double y = first.getYDirAdj() - height;
        double width = Math.max(last.getXDirAdj() + last.getWidthDirAdj() - x, 1);
        return new AnchorHit(page, Math.max(x, 0), Math.max(y, 0), width, height);
    }

    /** Measures what rendering or reading {@code page} would decode, once per page. */
    public void guard(int page) {
        if (checked[page - 1]) {
            return;
        }
        PDPage p = page(page);
        Meter meter = new Meter(page);
        COSDictionary dict = p.getCOSObject();
        COSBase contents = dict.getDictionaryObject(COSName.CONTENTS);
        if (contents instanceof COSStream s) {
            meter.stream(s);
        } else if (contents instanceof COSArray array) {
            for (COSBase part : array) {
                if (resolve(part) instanceof COSStream s) {
                    meter.stream(s);
                }
            }
        }
        meter.resources(resourcesOf(dict), 0);
        // Annotation appearances are drawn too.
        if (dict.getDictionaryObject(COSName.ANNOTS) instanceof COSArray annots) {
            for (COSBase a : annots) {
                if (resolve(a) instanceof COSDictionary annot
                        && annot.getDictionaryObject(COSName.AP) instanceof COSDictionary ap) {
                    for (COSName key : ap.keySet()) {
                        COSBase appearance = ap.getDictionaryObject(key);
                        if (appearance instanceof COSStream s) {
                            meter.xobject(s, 0);
                        } else if (appearance instanceof COSDictionary states) {
                            for (COSName state : states.keySet()) {
                                if (states.getDictionaryObject(state) instanceof COSStream s) {
                                    meter.xobject(s, 0);
                                }
                            }
                        }
                    }
                }
            }
        }
        checked[page - 1] = true;
    }

    private PDPage page(int page) {
        if (page < 1 || page > count()) {
            throw new IllegalArgumentException("no page " + page + " (the document has " + count() + ")");
        }
        return doc.getPage(page - 1);
    }

    /** A page's resources, inherited from the page tree when the page has none (PDFBox does the same). */
    private static COSDictionary resourcesOf(COSDictionary page) {
        COSDictionary node = page;
        for (int depth = 0; node != null && depth < 64; depth++) {
            if (node.getDictionaryObject(COSName.RESOURCES) instanceof COSDictionary r) {
                return r;
            }
            node = node.getDictionaryObject(COSName.PARENT) instanceof COSDictionary parent ? parent : null;
        }
        return null;
    }

    private static COSBase resolve(COSBase base) {
        return base instanceof COSObject o ? o.getObject() : base;
    }

    /** Adds up one page's decoded bytes; a stream shared by several places counts once. */
    private final class Meter {

        private final int page;
        private final Set<COSBase> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private long decoded;

        Meter(int page) {
            this.page = page;
        }

        void resources(COSDictionary resources, int depth) {
            if (resources == null || !seen.add(resources)) {
                return;
            }
            if (resources.getDictionaryObject(COSName.XOBJECT) instanceof COSDictionary xobjects) {
                for (COSName name : xobjects.keySet()) {
                    if (xobjects.getDictionaryObject(name) instanceof COSStream s) {
                        xobject(s, depth);
                    }
                }
            }
            if (resources.getDictionaryObject(COSName.FONT) instanceof COSDictionary fonts) {
                for (COSName name : fonts.keySet()) {
                    if (fonts.getDictionaryObject(name) instanceof COSDictionary font) {
                        font(font, depth);
                    }
                }
            }
            if (resources.getDictionaryObject(COSName.PATTERN) instanceof COSDictionary patterns) {
                for (COSName name : patterns.keySet()) {
                    if (patterns.getDictionaryObject(name) instanceof COSStream s) {
                        xobject(s, depth);
                    }
                }
            }
        }

        void xobject(COSStream s, int depth) {
            if (seen.contains(s)) {
                return;
            }
            if (depth > MAX_XOBJECT_DEPTH) {
                throw new DocumentRejectedException("page " + page + " nests forms more than " + MAX_XOBJECT_DEPTH
                        + " deep");
            }
            if (COSName.IMAGE.equals(s.getCOSName(COSName.SUBTYPE))) {
                long w = Math.max(s.getInt(COSName.WIDTH, 0), 0);
                long h = Math.max(s.getInt(COSName.HEIGHT, 0), 0);
                if (w * h > budget.maxImagePixels()) {
                    throw new DocumentRejectedException("page " + page + " draws an image of " + w + " x " + h
                            + " pixels; at most " + budget.maxImagePixels() + " are rendered");
                }
            }
            stream(s);
            if (s.getDictionaryObject(COSName.RESOURCES) instanceof COSDictionary r) {
                resources(r, depth + 1);
            }
        }

        void font(COSDictionary font, int depth) {
            if (!seen.add(font)) {
                return;
            }
            if (font.getDictionaryObject(COSName.FONT_DESC) instanceof COSDictionary descriptor) {
                for (COSName file : List.of(COSName.FONT_FILE, COSName.FONT_FILE2, COSName.FONT_FILE3)) {
                    if (descriptor.getDictionaryObject(file) instanceof COSStream s) {
                        stream(s);
                    }
                }
            }
            if (font.getDictionaryObject(COSName.DESCENDANT_FONTS) instanceof COSArray descendants) {
                for (COSBase d : descendants) {
                    if (resolve(d) instanceof COSDictionary df) {
                        font(df, depth);
                    }
                }
            }
            // Type 3 glyphs are content streams with resources of their own.
            if (font.getDictionaryObject(COSName.CHAR_PROCS) instanceof COSDictionary procs) {
                for (COSName glyph : procs.keySet()) {
                    if (procs.getDictionaryObject(glyph) instanceof COSStream s) {
                        stream(s);
                    }
                }
                if (font.getDictionaryObject(COSName.RESOURCES) instanceof COSDictionary r) {
                    resources(r, depth + 1);
                }
            }
        }

        void stream(COSStream s) {
            if (!seen.add(s)) {
                return;
            }
            long remaining = budget.maxDecodedBytesPerPage() - decoded;
            decoded += decodedLength(s, remaining);
            if (decoded > budget.maxDecodedBytesPerPage()) {
                throw overBudget();
            }
        }

        private DocumentRejectedException overBudget() {
            return new DocumentRejectedException("page " + page + " decodes to more than "
                    + budget.maxDecodedBytesPerPage() + " bytes (a compression bomb?)");
        }

        /** The stream's decoded size, or anything above {@code remaining} as soon as that is certain. */
        private long decodedLength(COSStream s, long remaining) {
            List<String> filters = filtersOf(s);
            long raw = s.getLength();
            if (filters.isEmpty()) {
                return raw;
            }
            String first = filters.get(0);
            long rest = 1;
            for (String f : filters.subList(1, filters.size())) {
                rest = saturatedMultiply(rest, ratio(f));
            }
            if ("FlateDecode".equals(first) || "Fl".equals(first)) {
                long inflated = inflatedLength(s, remaining / Math.max(rest, 1) + 1);
                return saturatedMultiply(inflated, rest);
            }
            return saturatedMultiply(raw, saturatedMultiply(ratio(first), rest));
        }

        private long ratio(String filter) {
            switch (filter) {
                case "ASCIIHexDecode":
                case "AHx":
                case "ASCII85Decode":
                case "A85":
                    return 1;
                case "RunLengthDecode":
                case "RL":
                    return RUN_LENGTH_RATIO;
                case "LZWDecode":
                case "LZW":
                    return LZW_RATIO;
                case "FlateDecode":
                case "Fl":
                    // A Flate stream behind another filter: zlib's own limit is about 1032:1.
                    return 1032;
                default:
                    // Image codecs (DCT, JPX, JBIG2, CCITT) are bounded by the pixel check, not here.
                    return 1;
            }
        }

        private long inflatedLength(COSStream s, long cap) {
            Inflater inflater = new Inflater();
            byte[] in = new byte[16 * 1024];
            byte[] out = new byte[64 * 1024];
            long total = 0;
            try (InputStream raw = s.createRawInputStream()) {
                while (total <= cap) {
                    if (inflater.needsInput()) {
                        int n = raw.read(in);
                        if (n < 0) {
                            break;
                        }
                        inflater.setInput(in, 0, n);
                    }
                    int produced = inflater.inflate(out);
                    total += produced;
                    if (inflater.finished() || (produced == 0 && inflater.needsDictionary())) {
                        break;
                    }
                }
                return total;
            } catch (DataFormatException e) {
                // PDFBox renders what inflated before the damage; that much is what counts.
                return total;
            } catch (IOException e) {
                throw new DocumentRejectedException("page " + page + " has an unreadable stream: " + e.getMessage(),
                        e);
            } finally {
                inflater.end();
            }
        }

        private List<String> filtersOf(COSStream s) {
            COSBase filter = s.getDictionaryObject(COSName.FILTER);
            if (filter instanceof COSName name) {
                return List.of(name.getName());
            }
            if (filter instanceof COSArray array) {
                List<String> names = new ArrayList<>();
                for (COSBase f : array) {
                    if (resolve(f) instanceof COSName name) {
                        names.add(name.getName());
                    }
                }
                return names;
            }
            return List.of();
        }
    }

    private static long saturatedMultiply(long a, long b) {
        long r = a * b;
        return (a != 0 && (r / a != b || r < 0)) ? Long.MAX_VALUE : r;
    }

    @Override
    public void close() {
        PdfInput.closeQuietly(doc);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "PdfPages[%d pages]", count());
    }
}
