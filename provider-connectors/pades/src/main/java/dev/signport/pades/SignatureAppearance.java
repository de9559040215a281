package dev.signport.pades;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.PDResources;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;
import org.apache.pdfbox.pdmodel.graphics.state.RenderingMode;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceDictionary;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.util.Matrix;

/**
 * Draws what a signer sees of a signature: the widget's appearance stream (border, drawn or typed signature, name,
 * "Signed by … on … UTC") and the Signport signature page. Only new objects are created; nothing of the existing
 * document is read beyond page boxes, so hostile page content is never decoded here.
 */
final class SignatureAppearance {

    /** Liberation Sans (SIL OFL) ships inside PDFBox; embedded as a subset it renders the same everywhere. */
    static final String DEFAULT_FONT_RESOURCE = "/org/apache/pdfbox/resources/ttf/LiberationSans-Regular.ttf";
    static final COSName PIECE_INFO_KEY = COSName.getPDFName("Signport");
    private static final COSName KIND = COSName.getPDFName("Kind");
    private static final COSName SIGNATURE_PAGE = COSName.getPDFName("SignaturePage");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    static final float PAGE_MARGIN = 56;
    static final float SLOT_HEIGHT = 86;
    static final float SLOT_GAP = 14;
    static final float HEADER_HEIGHT = 92;

    private static volatile byte[] defaultFont;

    private final PDDocument doc;
    private final PDFont font;

    SignatureAppearance(PDDocument doc, byte[] customTtf) throws IOException {
        this.doc = doc;
        byte[] ttf = customTtf != null ? customTtf : defaultFontBytes();
        if (ttf != null) {
            try (InputStream in = new ByteArrayInputStream(ttf)) {
                font = PDType0Font.load(doc, in, true);
            }
        } else {
            // The resource moved in some PDFBox version: fall back to a standard (non-embedded) font.
            font = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
        }
    }

    /** The normal appearance of a signature widget, {@code width} × {@code height} as displayed. */
    PDAppearanceDictionary widgetAppearance(float width, float height, int rotation, String signerName,
            Instant signingTime, String reason, Appearance appearance) throws IOException {
        PDAppearanceStream stream = new PDAppearanceStream(doc);
        stream.setResources(new PDResources());
        stream.setBBox(new PDRectangle(width, height));
        if (rotation != 0) {
            // The page is shown turned clockwise by /Rotate; turning the form back keeps the text upright.
            stream.setMatrix(java.awt.geom.AffineTransform.getQuadrantRotateInstance(rotation / 90));
        }
        PDImageXObject image = appearance.drawnSignaturePng() == null ? null
                : loadPng(appearance.drawnSignaturePng());
        try (PDPageContentStream cs = new PDPageContentStream(doc, stream)) {
            drawWidget(cs, width, height, signerName, signingTime, reason, image, appearance.typedSignature());
        }
        PDAppearanceDictionary dictionary = new PDAppearanceDictionary();
        dictionary.setNormalAppearance(stream);
        return dictionary;
    }

    private void drawWidget(PDPageContentStream cs, float w, float h, String name, Instant time, String reason,
            PDImageXObject image, String typed) throws IOException {
        float pad = clamp(h * 0.06f, 2f, 6f);
        float innerW = Math.max(1f, w - 2 * pad);

        cs.setStrokingColor(0.20f, 0.30f, 0.55f);
        cs.setLineWidth(0.8f);
        cs.addRect(0.4f, 0.4f, w - 0.8f, h - 0.8f);
        cs.stroke();

        float detailSize = clamp(h * 0.10f, 4f, 8f);
        float nameSize = clamp(h * 0.14f, 5f, 11f);
        String nameText = printable(name);
        List<String> details = wrap("Signed by " + nameText + " on " + TIME.format(time) + " UTC", detailSize,
                innerW, 2);
        if (reason != null && !reason.isBlank()) {
            details.addAll(wrap(printable(reason), detailSize, innerW, 1));
        }
        String nameLine = truncate(nameText, nameSize, innerW);
        float blockH = nameSize * 1.25f + details.size() * detailSize * 1.25f;

        boolean hasMark = image != null || (typed != null && !typed.isBlank());
        float markBottom = pad + blockH + pad;
        float markH = h - pad - markBottom;
        float blockBottom = (hasMark && markH >= 8) ? pad : Math.max(pad, (h - blockH) / 2);

        // Text block, bottom-up: detail lines, then the name above them.
        cs.setNonStrokingColor(0.25f);
        float y = blockBottom + detailSize * 0.3f;
        for (int i = details.size() - 1; i >= 0; i--) {
            showText(cs, details.get(i), detailSize, pad, y, false, false);
            y += detailSize * 1.25f;
        }
        cs.setNonStrokingColor(0f);
        cs.setStrokingColor(0f);
        showText(cs, nameLine, nameSize, pad, y + nameSize * 0.05f, true, false);

        if (hasMark && markH >= 8) {
            // A thin line the mark "stands" on, like the line on a paper form.
            cs.setStrokingColor(0.6f);
            cs.setLineWidth(0.5f);
            cs.moveTo(pad, markBottom - pad / 2);
            cs.lineTo(pad + innerW, markBottom - pad / 2);
            cs.stroke();
            if (image != null) {
                float scale = Math.min(innerW / image.getWidth(), markH / image.getHeight());
                float iw = image.getWidth() * scale;
                float ih = image.getHeight() * scale;
                cs.drawImage(image, pad, markBottom + (markH - ih) / 2, iw, ih);
            } else {
                String text = printable(typed.strip());
                float size = Math.min(markH * 0.7f, 28f);
                float width = textWidth(text, size);
                if (width > innerW * 0.92f) {
                    size = Math.max(4f, size * innerW * 0.92f / width);
                    text = truncate(text, size, innerW * 0.92f);
                }
                cs.setNonStrokingColor(0.05f, 0.12f, 0.40f);
                showText(cs, text, size, pad, markBottom + markH * 0.22f, false, true);
            }
        }
    }

    /**
     * A new last page titled "Signatures" with room for several signature widgets (see {@link #slots}); marked in its
     * /PieceInfo so later signers reuse it instead of adding pages after earlier signatures.
     */
    PDPage newSignaturePage(PDRectangle mediaBox) throws IOException {
        PDPage page = new PDPage(mediaBox);
        float w = mediaBox.getWidth();
        float top = mediaBox.getUpperRightY() - PAGE_MARGIN;
        float left = mediaBox.getLowerLeftX() + PAGE_MARGIN;
        try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
            cs.setNonStrokingColor(0f);
            showText(cs, "Signatures", 20, left, top - 20, true, false);
            cs.setNonStrokingColor(0.3f);
            float y = top - 40;
            for (String line : wrap("This page was added by Signport to carry the electronic signatures of this "
                    + "document. Each box below is a PAdES digital signature; open the signature panel of your PDF "
                    + "reader to check who signed and that the document has not changed since.", 9,
                    w - 2 * PAGE_MARGIN, 4)) {
                showText(cs, line, 9, left, y, false, false);
                y -= 12;
            }
        }
        Calendar now = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        COSDictionary data = new COSDictionary();
        data.setDate(COSName.LAST_MODIFIED, now);
        COSDictionary privateData = new COSDictionary();
        privateData.setItem(KIND, SIGNATURE_PAGE);
        data.setItem(COSName.PRIVATE, privateData);
        COSDictionary pieceInfo = new COSDictionary();
        pieceInfo.setItem(PIECE_INFO_KEY, data);
        page.getCOSObject().setItem(COSName.PIECE_INFO, pieceInfo);
        page.getCOSObject().setDate(COSName.LAST_MODIFIED, now);
        return page;
    }

    static boolean isSignaturePage(PDPage page) {
        COSDictionary pieceInfo = page.getCOSObject().getCOSDictionary(COSName.PIECE_INFO);
        COSDictionary data = pieceInfo == null ? null : pieceInfo.getCOSDictionary(PIECE_INFO_KEY);
        COSDictionary privateData = data == null ? null : data.getCOSDictionary(COSName.PRIVATE);
        return privateData != null && SIGNATURE_PAGE.equals(privateData.getCOSName(KIND));
    }

    /** The signature boxes of a signature page, top to bottom, in user space. */
    static List<PDRectangle> slots(PDRectangle mediaBox) {
        List<PDRectangle> slots = new ArrayList<>();
        float x = mediaBox.getLowerLeftX() + PAGE_MARGIN;
        float width = Math.min(mediaBox.getWidth() - 2 * PAGE_MARGIN, 360);
        float top = mediaBox.getUpperRightY() - PAGE_MARGIN - HEADER_HEIGHT;
        while (top - SLOT_HEIGHT >= mediaBox.getLowerLeftY() + PAGE_MARGIN) {
            slots.add(new PDRectangle(x, top - SLOT_HEIGHT, width, SLOT_HEIGHT));
            top -= SLOT_HEIGHT + SLOT_GAP;
        }
        return slots;
    }

    private PDImageXObject loadPng(byte[] png) throws IOException {
        // Read the size from the IHDR chunk before decoding: a tiny PNG can claim a huge canvas (a pixel bomb).
        byte[] magic = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
        if (png.length < 24 || !java.util.Arrays.equals(java.util.Arrays.copyOf(png, 8), magic)
                || png[12] != 'I' || png[13] != 'H' || png[14] != 'D' || png[15] != 'R') {
            throw new PadesException("the drawn signature is not a PNG image");
        }
        int width = ByteBuffer.wrap(png, 16, 4).getInt();
        int height = ByteBuffer.wrap(png, 20, 4).getInt();
        if (width <= 0 || height <= 0 || width > Appearance.MAX_PNG_SIDE || height > Appearance.MAX_PNG_SIDE) {
            throw new PadesException("the drawn signature is " + Integer.toUnsignedString(width) + "x"
                    + Integer.toUnsignedString(height) + " pixels; at most " + Appearance.MAX_PNG_SIDE
                    + " per side");
        }
        try {
            return PDImageXObject.createFromByteArray(doc, png, "signature.png");
        } catch (IOException | RuntimeException e) {
            throw new PadesException("the drawn signature cannot be read as a PNG image: " + e.getMessage(), e);
        }
    }

    private void showText(PDPageContentStream cs, String text, float size, float x, float y, boolean bold,
            boolean slanted) throws IOException {
        if (text.isEmpty()) {
            return;
        }
        cs.beginText();
        cs.setFont(font, size);
        if (bold) {
            // One regular font is embedded; a hairline stroke around the glyphs reads as bold.
            cs.setRenderingMode(RenderingMode.FILL_STROKE);
            cs.setLineWidth(size * 0.035f);
        }
        // The shear makes a typed signature look handwritten without embedding a second font.
        cs.setTextMatrix(new Matrix(1, 0, slanted ? 0.22f : 0, 1, x, y));
        cs.showText(text);
        if (bold) {
            cs.setRenderingMode(RenderingMode.FILL);
        }
        cs.endText();
    }

    /** Replaces what the font cannot show (and control characters) so a name never aborts a signature. */
    String printable(String text) {
        StringBuilder out = new StringBuilder();
        text.codePoints().forEach(cp -> {
            if (Character.isISOControl(cp) || Character.getType(cp) == Character.FORMAT) {
                out.append(' ');
                return;
            }
            String s = new String(Character.toChars(cp));
            try {
                font.encode(s);
                out.append(s);
            } catch (IOException | IllegalArgumentException e) {
                out.append('?');
            }
        });
        return out.toString().strip();
    }

    private float textWidth(String text, float size) throws IOException {
        return font.getStringWidth(text) / 1000f * size;
    }

    private String truncate(String text, float size, float maxWidth) throws IOException {
        if (textWidth(text, size) <= maxWidth) {
            return text;
        }
        String ellipsis = "...";
        int end = text.length();
        while (end > 0 && textWidth(text.substring(0, end) + ellipsis, size) > maxWidth) {
            end--;
        }
        return end == 0 ? "" : text.substring(0, end).stripTrailing() + ellipsis;
    }

    /** Greedy word wrap to at most {@code maxLines}; the last line is truncated if text remains. */
    private List<String> wrap(String text, float size, float maxWidth, int maxLines) throws IOException {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        String[] words = text.split(" +");
        for (int i = 0; i < words.length; i++) {
            String candidate = line.length() == 0 ? words[i] : line + " " + words[i];
            if (textWidth(candidate, size) <= maxWidth || line.length() == 0) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (lines.size() == maxLines - 1) {
                StringBuilder rest = new StringBuilder(line);
                for (int j = i; j < words.length; j++) {
                    rest.append(' ').append(words[j]);
                }
                lines.add(truncate(rest.toString(), size, maxWidth));
                return lines;
            }
            lines.add(truncate(line.toString(), size, maxWidth));
            line.setLength(0);
            line.append(words[i]);
        }
        if (line.length() > 0) {
            lines.add(truncate(line.toString(), size, maxWidth));
        }
        return lines;
    }

    private static float clamp(float v, float min, float max) {
        return Math.max(min, Math.min(max, v));
    }

    private static byte[] defaultFontBytes() throws IOException {
        byte[] bytes = defaultFont;
        if (bytes == null) {
            try (InputStream in = PDDocument.class.getResourceAsStream(DEFAULT_FONT_RESOURCE)) {
                if (in == null) {
                    return null;
                }
                bytes = in.readAllBytes();
            }
            defaultFont = bytes;
        }
        return bytes;
    }
}
