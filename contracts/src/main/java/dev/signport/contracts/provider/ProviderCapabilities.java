package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.envelope.SignatureLevel;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a provider can do and whether it is up: the value of the compacted {@code signport.provider-capabilities.v1}
 * (key = provider), published by each connector-service; envelope-service validates and routes from it.
 *
 * @param levels            signature levels offered (sorted, no duplicates)
 * @param multiSigner       whether one envelope may have several signers
 * @param sequential        whether the vendor enforces SEQUENTIAL signing order itself
 * @param otp               whether signers can confirm with a one-time password
 * @param reminders         whether {@code command.remind_recipients} is supported
 * @param anchors           whether fields can be placed by text anchor
 * @param fieldTypes        field types that can be placed (empty = the vendor places the signature itself)
 * @param maxDocumentBytes  largest accepted PDF, in bytes
 * @param available         whether the vendor currently answers (health check passed, circuit breaker closed)
 * @param unavailableReason why it is not available, or null
 * @param quotaRemaining    signatures left on the account when the vendor sells them by unit (OKdokument), else null
 * @param checkedAt         when the connector last checked
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderCapabilities(
        String provider,
        List<SignatureLevel> levels,
        boolean multiSigner,
        boolean sequential,
        boolean otp,
        boolean reminders,
        boolean anchors,
        List<FieldType> fieldTypes,
        long maxDocumentBytes,
        boolean available,
        String unavailableReason,
        Long quotaRemaining,
        Instant checkedAt) {

    /** The {@code ce_type} of records on {@code signport.provider-capabilities.v1}. */
    public static final String TYPE = "capabilities.updated";

    public ProviderCapabilities {
        Objects.requireNonNull(provider, "provider");
        // Sorted and distinct so that equal capabilities always serialise alike (no spurious compaction churn).
        levels = Objects.requireNonNull(levels, "levels").stream().distinct().sorted().toList();
        fieldTypes = fieldTypes == null ? List.of() : fieldTypes.stream().distinct().sorted().toList();
        if (maxDocumentBytes <= 0) {
            throw new IllegalArgumentException("maxDocumentBytes must be positive: " + maxDocumentBytes);
        }
        Objects.requireNonNull(checkedAt, "checkedAt");
    }

    /** Whether the provider offers {@code level}. */
    public boolean supports(SignatureLevel level) {
        return levels.contains(level);
    }
}
