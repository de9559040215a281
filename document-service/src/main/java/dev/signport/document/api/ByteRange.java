package dev.signport.document.api;

/**
 * One byte range of a {@code Range: bytes=…} request header (RFC 9110 §14), resolved against the
 * document size. Several ranges, or a header that does not parse, mean "the whole document": the
 * RFC lets a server ignore a Range header it does not want to serve.
 */
public record ByteRange(long start, long endInclusive) {

    public long length() {
        return endInclusive - start + 1;
    }

    public String contentRange(long size) {
        return "bytes " + start + "-" + endInclusive + "/" + size;
    }

    /** A satisfiable range, null for the whole document; {@link Unsatisfiable} when none of it exists. */
    public static ByteRange parse(String header, long size) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, "bytes=", 0, 6) || h.indexOf(',') >= 0) {
            return null;
        }
        String spec = h.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash < 0) {
            return null;
        }
        try {
            String first = spec.substring(0, dash).trim();
            String last = spec.substring(dash + 1).trim();
            if (first.isEmpty()) {
                long suffix = Long.parseLong(last);
                if (suffix <= 0) {
                    throw new Unsatisfiable();
                }
                return new ByteRange(Math.max(0, size - suffix), size - 1);
            }
            long start = Long.parseLong(first);
            long end = last.isEmpty() ? Long.MAX_VALUE : Long.parseLong(last);
            if (start < 0 || end < start) {
                return null;
            }
            if (start >= size) {
                throw new Unsatisfiable();
            }
            return new ByteRange(start, Math.min(end, size - 1));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The requested range starts past the end of the document (416). */
    public static final class Unsatisfiable extends RuntimeException {
        Unsatisfiable() {
            super(null, null, false, false);
        }
    }
}
