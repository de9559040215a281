package dev.signport.pades;

import java.time.Instant;
import java.util.Objects;

/**
 * One signer's signature.
 *
 * @param signerName      shown in the appearance and written to the signature's /Name
 * @param reason          optional /Reason (e.g. "I agree to the terms")
 * @param location        optional /Location
 * @param placement       where the visible signature goes; {@link Placement#signaturePage()} when null
 * @param appearance      drawn or typed signature; {@link Appearance#nameOnly()} when null
 * @param timestamp       RFC 3161 source for a signature-time-stamp (PAdES-BASELINE-T), or null for B-B
 * @param signingTime     claimed signing time written to /M (PAdES keeps it out of the CMS); now when null
 * @param contentsReserve bytes reserved for the CMS in /Contents; 0 = estimated from the chain and the TSA
 */
public record SignRequest(String signerName, String reason, String location, Placement placement,
        Appearance appearance, TimestampSource timestamp, Instant signingTime, int contentsReserve) {

    /** Upper bound of the reservation: a CMS with a long chain and a token stays far below. */
    public static final int MAX_CONTENTS_RESERVE = 512 * 1024;

    public SignRequest {
        Objects.requireNonNull(signerName, "signerName");
        if (signerName.isBlank() || signerName.length() > 200) {
            throw new IllegalArgumentException("a signer name has 1 to 200 characters");
        }
        if (contentsReserve < 0 || contentsReserve > MAX_CONTENTS_RESERVE) {
            throw new IllegalArgumentException("contentsReserve is 0 (estimate) or up to " + MAX_CONTENTS_RESERVE);
        }
        placement = placement == null ? Placement.signaturePage() : placement;
        appearance = appearance == null ? Appearance.nameOnly() : appearance;
    }

    /** A B-B signature on the signature page with the name only; refine with the {@code with…} methods. */
    public static SignRequest of(String signerName) {
        return new SignRequest(signerName, null, null, null, null, null, null, 0);
    }

    public SignRequest withReason(String value) {
        return new SignRequest(signerName, value, location, placement, appearance, timestamp, signingTime,
                contentsReserve);
    }

    public SignRequest withLocation(String value) {
        return new SignRequest(signerName, reason, value, placement, appearance, timestamp, signingTime,
                contentsReserve);
    }

    public SignRequest withPlacement(Placement value) {
        return new SignRequest(signerName, reason, location, value, appearance, timestamp, signingTime,
                contentsReserve);
    }

    public SignRequest withAppearance(Appearance value) {
        return new SignRequest(signerName, reason, location, placement, value, timestamp, signingTime,
                contentsReserve);
    }

    public SignRequest withTimestamp(TimestampSource value) {
        return new SignRequest(signerName, reason, location, placement, appearance, value, signingTime,
                contentsReserve);
    }

    public SignRequest withSigningTime(Instant value) {
        return new SignRequest(signerName, reason, location, placement, appearance, timestamp, value,
                contentsReserve);
    }

    public SignRequest withContentsReserve(int value) {
        return new SignRequest(signerName, reason, location, placement, appearance, timestamp, signingTime, value);
    }
}
