package dev.signport.pades;

/**
 * Bounds on the work one signing call may do with an untrusted PDF. Time is deliberately not here: the caller runs
 * the signer on its own bounded pool and enforces a timeout there (the signer never blocks indefinitely itself except
 * on the timestamp authority, whose client has its own timeout).
 *
 * @param maxInputBytes      largest PDF accepted, in bytes
 * @param maxPages           documents with more pages are refused (page lookups walk the page tree)
 * @param maxMainMemoryBytes heap PDFBox may use to buffer streams it has to decode or create
 * @param maxScratchBytes    total buffer (heap plus temporary file) PDFBox may use; exceeding it fails the call
 *                           with {@link DocumentRejectedException} instead of filling the heap or the disk
 */
public record Limits(long maxInputBytes, int maxPages, long maxMainMemoryBytes, long maxScratchBytes) {

    /** Sensible for contracts: 64 MiB, 5,000 pages, 16 MiB of heap and 256 MiB in all for stream buffers. */
    public static final Limits DEFAULT = new Limits(64L << 20, 5_000, 16L << 20, 256L << 20);

    public Limits {
        if (maxInputBytes <= 0 || maxPages <= 0 || maxMainMemoryBytes <= 0 || maxScratchBytes < maxMainMemoryBytes) {
            throw new IllegalArgumentException("limits must be positive and maxScratchBytes >= maxMainMemoryBytes");
        }
    }
}
