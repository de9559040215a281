package dev.signport.pades;

/**
 * Where a signature goes: an existing empty signature field by name, a rectangle on a page, or (neither) the
 * Signport signature page at the end of the document.
 *
 * <p>Positions are in PDF points (1/72 inch) from the TOP-LEFT corner of the page as displayed (crop box, after the
 * page's /Rotate), as the envelope API and a page preview use them; the signer converts to PDF user space (origin
 * bottom-left, unrotated). A rectangle reaching beyond the page is moved and shrunk to fit rather than refused, so a
 * slightly-off field never blocks a signer who has already consented.
 *
 * @param fieldName reuse this empty signature field if the PDF has one, else create a field with this name; null to
 *                  let the signer name it
 * @param page      1-based page number, null when not positioned
 * @param x         left edge from the page's left, in points
 * @param y         top edge from the page's top, in points
 * @param width     in points, positive
 * @param height    in points, positive
 */
public record Placement(String fieldName, Integer page, Double x, Double y, Double width, Double height) {

    public Placement {
        boolean any = page != null || x != null || y != null || width != null || height != null;
        boolean all = page != null && x != null && y != null && width != null && height != null;
        if (any && !all) {
            throw new IllegalArgumentException("a position needs page, x, y, width and height");
        }
        if (all && (page < 1 || width <= 0 || height <= 0 || x < 0 || y < 0)) {
            throw new IllegalArgumentException("page starts at 1, x/y are >= 0, width/height > 0");
        }
        if (fieldName != null && (fieldName.isBlank() || fieldName.contains("."))) {
            // A dot separates the parts of a fully qualified field name.
            throw new IllegalArgumentException("a field name is non-blank and has no '.'");
        }
    }

    /** The signature page at the end of the document (appended on first use). */
    public static Placement signaturePage() {
        return new Placement(null, null, null, null, null, null);
    }

    /** An existing empty signature field (or, if absent, a new field of that name on the signature page). */
    public static Placement field(String name) {
        return new Placement(name, null, null, null, null, null);
    }

    /** A rectangle on a 1-based page, in points from the top-left corner. */
    public static Placement at(int page, double x, double y, double width, double height) {
        return new Placement(null, page, x, y, width, height);
    }

    /** The same placement with a field name (an existing empty field of that name wins over the position). */
    public Placement named(String name) {
        return new Placement(name, page, x, y, width, height);
    }

    public boolean positioned() {
        return page != null;
    }
}
