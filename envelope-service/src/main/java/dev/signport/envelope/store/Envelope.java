package dev.signport.envelope.store;

import dev.signport.contracts.Mode;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.envelope.domain.Lifecycle;
import dev.signport.envelope.domain.Recipient;
import dev.signport.envelope.domain.Reminders;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One envelope row: the draft as created, where the lifecycle stands, and the timers the scheduler acts on. */
@Entity
@Table(name = "envelope")
public class Envelope extends PanacheEntityBase {
    @Id
    public String id;
    public String tenantId;
    @Enumerated(EnumType.STRING)
    public Mode mode;
    @Enumerated(EnumType.STRING)
    public EnvelopeStatus status;
    public String subject;
    public String message;
    @Enumerated(EnumType.STRING)
    public SigningOrder signingOrder;
    public String requestedProvider;
    @Convert(converter = JsonConverters.Strings.class)
    public List<String> fallbackProviders;
    public String provider;
    @Convert(converter = JsonConverters.Strings.class)
    public List<String> providerChain;
    public int attempt;
    public String externalId;
    public String sendCommandId;
    @Enumerated(EnumType.STRING)
    public SignatureLevel signatureLevel;
    public Instant expiresAt;
    @Convert(converter = JsonConverters.ReminderSchedule.class)
    public Reminders reminders;
    @Convert(converter = JsonConverters.StringMap.class)
    public Map<String, String> metadata;
    @Convert(converter = JsonConverters.Strings.class)
    public List<String> documentIds;
    @Convert(converter = JsonConverters.Recipients.class)
    public List<Recipient> recipients;
    public String signedDocumentId;
    public String evidenceDocumentId;
    @Enumerated(EnumType.STRING)
    public FailureCode failureCode;
    public String failureReason;
    public Instant sendDeadlineAt;
    public Instant retryAt;
    public int sendRetries;
    public Instant nextReminderAt;
    public int remindersSent;
    public Instant createdAt;
    public Instant updatedAt;
    public Instant sentAt;
    public Instant completedAt;
    public Instant deletedAt;

    public Lifecycle.State state() {
        return new Lifecycle.State(status, signingOrder, recipients, provider, providerChain, attempt, externalId);
    }

    /** Takes over the state a decision produced. */
    public void apply(Lifecycle.State state, Instant at) {
        status = state.status();
        recipients = state.recipients();
        provider = state.provider();
        providerChain = state.chain();
        attempt = state.attempt();
        externalId = state.externalId();
        updatedAt = at;
    }
}
