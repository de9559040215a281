package dev.signport.pades;

import java.time.Instant;

/**
 * The signed PDF and what the audit trail needs about it.
 *
 * @param pdf           the whole document: the input bytes unchanged, followed by the new revision(s)
 * @param fieldName     the signature (or document timestamp) field that was filled
 * @param page          1-based page of the visible signature, 0 when invisible (document timestamp)
 * @param level         the PAdES baseline level produced
 * @param signingTime   the time written to /M (the claimed signing time)
 * @param timestampTime the TSA's genTime, null without a timestamp
 * @param sha256Before  hex SHA-256 of the input
 * @param sha256After   hex SHA-256 of {@code pdf}
 */
public record SignResult(byte[] pdf, String fieldName, int page, PadesLevel level, Instant signingTime,
        Instant timestampTime, String sha256Before, String sha256After) {

    @Override
    public String toString() {
        return "SignResult[" + pdf.length + " bytes, field=" + fieldName + ", page=" + page + ", level=" + level
                + ", signingTime=" + signingTime + ", timestampTime=" + timestampTime + ", sha256After="
                + sha256After + "]";
    }
}
