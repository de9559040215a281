package dev.signport.envelope.messaging;

import dev.signport.contracts.Topics;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.CancelEnvelope;
import dev.signport.contracts.provider.ProviderCommand;
import dev.signport.contracts.provider.RemindRecipients;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.envelope.domain.EnvelopeRules;
import dev.signport.envelope.domain.FieldSpec;
import dev.signport.envelope.domain.Recipient;
import dev.signport.envelope.store.Envelope;
import dev.signport.platform.id.Ids;
import dev.signport.platform.outbox.OutboxEvent;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builds the commands of signport.provider.&lt;provider&gt;.commands.v1, as outbox records. */
public final class ProviderCommands {

    private ProviderCommands() {
    }

    public static OutboxEvent outbox(String provider, ProviderCommand command) {
        return new OutboxEvent(Topics.providerCommands(provider), EnvelopeEvents.AGGREGATE, command.envelopeId(),
                command.tenantId(), command.type(), command);
    }

    public static SendEnvelope send(Envelope e, Map<String, EnvelopeRules.Doc> docs, SignatureLevel level,
            String locale, String callbackBaseUrl, String vendorAccount, Instant at) {
        List<SendEnvelope.Document> documents = e.documentIds.stream().map(id -> {
            EnvelopeRules.Doc d = docs.get(id);
            return new SendEnvelope.Document(id, d.name(), d.sha256(), d.sizeBytes(), d.pages());
        }).toList();
        List<SendEnvelope.Recipient> recipients = e.recipients.stream().map(ProviderCommands::recipient).toList();
        return new SendEnvelope(Ids.newId("cmd"), e.id, e.tenantId, e.mode, at, e.subject, e.message, locale,
                documents, recipients, e.signingOrder, level, e.expiresAt, callbackBaseUrl, vendorAccount);
    }

    private static SendEnvelope.Recipient recipient(Recipient r) {
        return new SendEnvelope.Recipient(r.id(), r.email(), r.name(), r.role(), r.order(), r.phone(),
                r.fields().stream().map(ProviderCommands::field).toList());
    }

    private static SendEnvelope.Field field(FieldSpec f) {
        return new SendEnvelope.Field(f.type(), f.documentId(), f.page(), f.x(), f.y(), f.width(), f.height(),
                f.anchor());
    }

    public static CancelEnvelope cancel(Envelope e, String externalId, String reason, Instant at) {
        return new CancelEnvelope(Ids.newId("cmd"), e.id, e.tenantId, e.mode, at, externalId, reason);
    }

    public static RemindRecipients remind(Envelope e, List<String> recipientIds, Instant at) {
        return new RemindRecipients(Ids.newId("cmd"), e.id, e.tenantId, e.mode, at, e.externalId, recipientIds);
    }
}
