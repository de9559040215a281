package dev.signport.contracts;

import dev.signport.contracts.apikey.ApiKeyRecord;
import dev.signport.contracts.document.DocumentUploaded;
import dev.signport.contracts.envelope.EnvelopeCompleted;
import dev.signport.contracts.envelope.EnvelopeProviderChanged;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.RecipientStatus;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.FieldType;
import dev.signport.contracts.provider.ProviderCapabilities;
import dev.signport.contracts.provider.SendEnvelope;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ValidationTest {

    private static final Instant NOW = Instant.parse("2025-03-04T10:00:00Z");

    @Test
    void requiredFieldsAreChecked() {
        NullPointerException e = assertThrows(NullPointerException.class, () -> new EnvelopeCompleted(
                "env_1", "ten_1", Mode.TEST, EnvelopeStatus.COMPLETED, NOW, "local", null, null, null));
        assertEquals("signedDocumentId", e.getMessage());
        assertThrows(NullPointerException.class, () -> new DocumentUploaded(
                "doc_1", null, NOW, "a.pdf", 1, 1, Samples.CONTRACT_SHA256));
    }

    @Test
    void eventsWhoseTypeImpliesAStatusCarryThatStatus() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EnvelopeCompleted(
                "env_1", "ten_1", Mode.TEST, EnvelopeStatus.SENT, NOW, "local", "doc_2", null, null));
        assertTrue(e.getMessage().contains("COMPLETED"));
    }

    @Test
    void providerChangeIsAtLeastTheSecondAttempt() {
        assertThrows(IllegalArgumentException.class, () -> new EnvelopeProviderChanged("env_1", "ten_1", Mode.TEST,
                EnvelopeStatus.SENDING, NOW, "certyneo", "local", FailureCode.PROVIDER_UNAVAILABLE, null, 1, null));
    }

    @Test
    void metadataKeepsOrderAndRejectsNullValues() {
        Map<String, String> metadata = new java.util.LinkedHashMap<>();
        metadata.put("z", "1");
        metadata.put("a", "2");
        var event = new EnvelopeCompleted("env_1", "ten_1", Mode.TEST, EnvelopeStatus.COMPLETED, NOW, "local", "doc_2",
                null, metadata);
        metadata.put("b", "3");
        assertEquals(List.of("z", "a"), List.copyOf(event.metadata().keySet()));
        assertThrows(UnsupportedOperationException.class, () -> event.metadata().put("c", "4"));
        Map<String, String> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThrows(NullPointerException.class, () -> new EnvelopeCompleted("env_1", "ten_1", Mode.TEST,
                EnvelopeStatus.COMPLETED, NOW, "local", "doc_2", null, withNull));
    }

    @Test
    void documentsNeedALowercaseHexSha256() {
        assertThrows(IllegalArgumentException.class, () -> new DocumentUploaded(
                "doc_1", "ten_1", NOW, "a.pdf", 1, 1, Samples.CONTRACT_SHA256.toUpperCase()));
        assertThrows(IllegalArgumentException.class, () -> new DocumentUploaded(
                "doc_1", "ten_1", NOW, "a.pdf", -1, 1, Samples.CONTRACT_SHA256));
    }

    @Test
    void sendEnvelopeChecksItsParts() {
        SendEnvelope sample = Samples.SEND_ENVELOPE;
        var foreignField = new SendEnvelope.Field(FieldType.SIGNATURE, "doc_other", 1, 10.0, 10.0, null, null, null);
        var stray = new SendEnvelope.Recipient("rcp_3", "c@example.com", "C", RecipientRole.SIGNER, 1, null,
                List.of(foreignField));
        assertThrows(IllegalArgumentException.class, () -> withRecipients(sample, List.of(stray)));
        var duplicate = sample.recipients().get(0);
        assertThrows(IllegalArgumentException.class, () -> withRecipients(sample, List.of(duplicate, duplicate)));
        assertThrows(IllegalArgumentException.class, () -> withRecipients(sample, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new SendEnvelope.Field(
                FieldType.TEXT, "doc_1", 1, 10.0, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new SendEnvelope.Field(
                FieldType.TEXT, "doc_1", 0, 10.0, 10.0, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new SendEnvelope.Recipient(
                "rcp_1", "a@example.com", "A", RecipientRole.SIGNER, 0, null, null));
        assertTrue(new SendEnvelope.Recipient("rcp_1", "a@example.com", "A", RecipientRole.CC, 1, null, null)
                .fields().isEmpty());
    }

    private static SendEnvelope withRecipients(SendEnvelope s, List<SendEnvelope.Recipient> recipients) {
        return new SendEnvelope(s.commandId(), s.envelopeId(), s.tenantId(), s.mode(), s.issuedAt(), s.subject(),
                s.message(), s.locale(), s.documents(), recipients, s.signingOrder(), s.signatureLevel(),
                s.expiresAt(), s.callbackBaseUrl());
    }

    @Test
    void apiKeyRevocationIsConsistent() {
        ApiKeyRecord key = Samples.API_KEY;
        assertThrows(IllegalArgumentException.class, () -> new ApiKeyRecord(key.keyId(), key.tenantId(),
                key.keyHash(), key.mode(), key.name(), key.createdAt(), true, null));
        assertThrows(IllegalArgumentException.class, () -> new ApiKeyRecord(key.keyId(), key.tenantId(),
                key.keyHash(), key.mode(), key.name(), key.createdAt(), false, NOW));
        assertThrows(IllegalArgumentException.class, () -> new ApiKeyRecord(key.keyId(), key.tenantId(),
                "not-a-hash", key.mode(), key.name(), key.createdAt(), false, null));
        ApiKeyRecord revoked = key.revoke(NOW);
        assertTrue(revoked.revoked());
        assertEquals(NOW, revoked.revokedAt());
        assertSame(revoked, revoked.revoke(NOW.plusSeconds(5)));
    }

    @Test
    void capabilitiesAreNormalisedSoEqualValuesSerialiseAlike() {
        var capabilities = new ProviderCapabilities("local", List.of(SignatureLevel.QES, SignatureLevel.SES,
                SignatureLevel.SES), false, false, false, false, false, null, 1, true, null, null, NOW);
        assertEquals(List.of(SignatureLevel.SES, SignatureLevel.QES), capabilities.levels());
        assertTrue(capabilities.fieldTypes().isEmpty());
        assertTrue(capabilities.supports(SignatureLevel.QES));
        assertFalse(capabilities.supports(SignatureLevel.AES));
        assertThrows(IllegalArgumentException.class, () -> new ProviderCapabilities("local", List.of(), false,
                false, false, false, false, null, 0, true, null, null, NOW));
    }

    @Test
    void terminalStatuses() {
        assertEquals(Set.of(EnvelopeStatus.COMPLETED, EnvelopeStatus.DECLINED, EnvelopeStatus.CANCELLED,
                        EnvelopeStatus.EXPIRED, EnvelopeStatus.FAILED),
                Arrays.stream(EnvelopeStatus.values()).filter(EnvelopeStatus::isTerminal).collect(Collectors.toSet()));
        assertEquals(Set.of(RecipientStatus.SIGNED, RecipientStatus.DECLINED),
                Arrays.stream(RecipientStatus.values()).filter(RecipientStatus::isTerminal)
                        .collect(Collectors.toSet()));
    }
}
