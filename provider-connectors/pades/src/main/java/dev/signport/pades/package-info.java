/**
 * Real PAdES signatures for Signport's built-in {@code local} provider, in plain Java (no Quarkus, no CDI).
 *
 * <ul>
 *   <li>{@link dev.signport.pades.LocalPki}: a throw-away root CA with a signing and a timestamping certificate,
 *       generated on first start and kept in a password-protected PKCS#12 file.</li>
 *   <li>{@link dev.signport.pades.TimestampAuthority} / {@link dev.signport.pades.TsaClient}: an RFC 3161 timestamp
 *       authority (embeddable over HTTP) and its client.</li>
 *   <li>{@link dev.signport.pades.PadesSigner}: PAdES-BASELINE-B/T signatures as incremental updates with a visible
 *       appearance per signer, and {@code archive} for PAdES-BASELINE-LTA.</li>
 * </ul>
 *
 * Everything runs in the caller's thread; the caller owns time limits and thread pools (bulkheads).
 */
package dev.signport.pades;
