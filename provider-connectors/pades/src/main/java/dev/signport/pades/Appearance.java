package dev.signport.pades;

/**
 * What the visible signature shows besides the signer's name and "Signed by … on … UTC": optionally the signature
 * drawn by the signer (PNG, e.g. from a canvas) or typed by the signer, and optionally a TrueType font to embed
 * (default: Liberation Sans from PDFBox, embedded as a subset, which covers Latin, Greek and Cyrillic names).
 *
 * @param drawnSignaturePng PNG bytes, or null
 * @param typedSignature    text shown in a handwriting-like slant, or null (ignored when a drawing is given)
 * @param fontTtf           a TrueType font to use instead of the default, or null
 */
public record Appearance(byte[] drawnSignaturePng, String typedSignature, byte[] fontTtf) {

    /** A drawing larger than this is refused: a canvas signature is a few kilobytes. */
    public static final int MAX_PNG_BYTES = 2 * 1024 * 1024;
    /** Decoding a PNG costs width × height × 4 bytes of heap; a bound keeps that at 16 MiB. */
    public static final int MAX_PNG_SIDE = 2048;

    public Appearance {
        if (drawnSignaturePng != null && drawnSignaturePng.length > MAX_PNG_BYTES) {
            throw new IllegalArgumentException("the drawn signature is larger than " + MAX_PNG_BYTES + " bytes");
        }
        if (typedSignature != null && typedSignature.length() > 200) {
            throw new IllegalArgumentException("a typed signature has at most 200 characters");
        }
    }

    public static Appearance nameOnly() {
        return new Appearance(null, null, null);
    }

    public static Appearance drawn(byte[] png) {
        return new Appearance(png, null, null);
    }

    public static Appearance typed(String text) {
        return new Appearance(null, text, null);
    }

    public Appearance withFont(byte[] ttf) {
        return new Appearance(drawnSignaturePng, typedSignature, ttf);
    }

    @Override
    public String toString() {
        return "Appearance[drawn=" + (drawnSignaturePng == null ? "no" : drawnSignaturePng.length + " bytes")
                + ", typed=" + (typedSignature != null) + ", font=" + (fontTtf == null ? "default" : "custom") + "]";
    }
}
