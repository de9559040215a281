package dev.signport.contracts.provider;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * {@code provider.accepted}: the vendor created the envelope; answers {@code command.send_envelope}.
 *
 * @param externalId the vendor's id of the envelope (for per-signer vendors, of the first request)
 * @param signUrls   the signing link of each recipient the vendor already issued one for
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProviderAccepted(
        String envelopeId,
        String tenantId,
        String provider,
        String externalId,
        String commandId,
        Instant occurredAt,
        List<SignUrl> signUrls) implements ProviderEvent {

    /** This record's {@code type} property and {@code ce_type}. */
    public static final String TYPE = "provider.accepted";

    public ProviderAccepted {
        Objects.requireNonNull(envelopeId, "envelopeId");
        Objects.requireNonNull(tenantId, "tenantId");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(externalId, "externalId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        signUrls = signUrls == null ? List.of() : List.copyOf(signUrls);
    }

    @Override
    public String type() {
        return TYPE;
    }

    /**
     * One recipient's signing link; it lets whoever holds it sign, so it is never put on public topics.
     *
     * @param recipientId {@code rcp_…}
     * @param url         the vendor's (or the built-in signer's) signing page for that recipient
     * @param expiresAt   when the link stops working, or null if the vendor does not say
     */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SignUrl(String recipientId, String url, Instant expiresAt) {

        public SignUrl {
            Objects.requireNonNull(recipientId, "recipientId");
            Objects.requireNonNull(url, "url");
        }
    }
}
