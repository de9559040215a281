package dev.signport.connector.core.domain;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/**
 * One envelope at one provider: the mapping between Signport's envelope and the vendor's id, the
 * envelope's callback token (hash for lookup, sealed copy for resuming), the adapter's send progress,
 * the recipients' last published states and the polling schedule.
 */
@Entity
@Table(name = "envelope_link")
public class EnvelopeLink extends PanacheEntityBase {

    @Id
    public String id;
    public String provider;
    public String envelopeId;
    public String tenantId;
    public String mode;
    /** The send command being (or last) executed for this envelope. */
    public String sendCommandId;
    @Enumerated(EnumType.STRING)
    public LinkState state;
    public String externalId;
    public String callbackTokenHash;
    public String callbackTokenSealed;
    public String callbackBaseUrl;
    /** Name of the first document, to name the signed PDF after it. */
    public String documentName;
    /** JSON object: the adapter's checkpoints (secret values sealed). */
    public String progress;
    /** JSON array of {@link RecipientLink}. */
    public String recipients;
    /** Which replica runs a sequence of vendor calls for this envelope, until when. */
    public String claimOwner;
    public Instant claimedUntil;
    /** Next status poll; null when nothing is to be polled. */
    public Instant nextPollAt;
    public long pollIntervalMs;
    public String signedDocumentId;
    public String failureReason;
    public Instant createdAt;
    public Instant updatedAt;
}
