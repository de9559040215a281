package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What a provider that hosts the signing step itself (the built-in {@code local} signer) witnessed when a recipient
 * viewed, signed or declined, for the envelope's audit trail. Vendors that keep this to themselves send none.
 *
 * @param ip          the signer's address as seen behind the trusted proxies, or null
 * @param userAgent   the signer's browser, truncated, or null
 * @param authMethod  how the signer was authenticated beyond the link: {@code LINK}, {@code EMAIL_OTP},
 *                    {@code SMS_OTP} or {@code ACCESS_CODE}
 * @param consentText the consent statement the signer accepted (signing only), or null
 * @param documents   per document, its SHA-256 before and after this signature (signing only; empty otherwise)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SigningEvidence(String ip, String userAgent, String authMethod, String consentText,
        List<DocumentHash> documents) {

    public SigningEvidence {
        documents = documents == null ? List.of() : List.copyOf(documents);
    }

    /** A document's lowercase hex SHA-256 before and after a signature was added. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record DocumentHash(String documentId, String sha256Before, String sha256After) {}
}
