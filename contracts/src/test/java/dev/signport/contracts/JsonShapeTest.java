package dev.signport.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Field names downstream teams depend on, spelled out literally: a rename must fail here first. */
class JsonShapeTest {

    private final ObjectMapper mapper = TestMappers.strict();

    @Test
    void envelopeCompletedIsExactlyThis() throws Exception {
        assertEquals("{\"type\":\"envelope.completed\",\"envelopeId\":\"env_3fK9xQ2LpZ\",\"tenantId\":\"ten_8QzL2mRw\","
                        + "\"mode\":\"LIVE\",\"status\":\"COMPLETED\",\"occurredAt\":\"2025-03-05T08:41:12Z\","
                        + "\"provider\":\"certyneo\",\"signedDocumentId\":\"doc_Sg5Jt9Lx\","
                        + "\"auditTrailDocumentId\":\"doc_At6Ku0My\",\"metadata\":{\"crmDealId\":\"D-1042\"}}",
                mapper.writeValueAsString(Samples.ENVELOPE_COMPLETED));
    }

    @Test
    void apiKeyRecordIsExactlyThis() throws Exception {
        assertEquals("{\"keyId\":\"key_Mn3Bv7Cx\",\"tenantId\":\"ten_8QzL2mRw\","
                        + "\"keyHash\":\"4b4090ccee1e713c3d411b96a4226b90bd0f0deb34e02d19475a951316fd04ee\","
                        + "\"mode\":\"TEST\",\"name\":\"CI pipeline\",\"createdAt\":\"2025-02-01T08:00:00Z\","
                        + "\"revoked\":false}",
                mapper.writeValueAsString(Samples.API_KEY));
    }

    @Test
    void recipientSignedFieldNames() {
        assertEquals(List.of("type", "envelopeId", "tenantId", "mode", "status", "occurredAt", "recipientId", "email",
                "name", "metadata"), names(mapper.valueToTree(Samples.RECIPIENT_SIGNED)));
    }

    @Test
    void sendEnvelopeFieldNamesDownToFields() {
        JsonNode tree = mapper.valueToTree(Samples.SEND_ENVELOPE);
        assertEquals(List.of("type", "commandId", "envelopeId", "tenantId", "mode", "issuedAt", "subject", "message",
                "locale", "documents", "recipients", "signingOrder", "signatureLevel", "expiresAt", "callbackBaseUrl",
                "vendorAccount", "frameAncestors"),
                names(tree));
        assertEquals(List.of("documentId", "name", "sha256", "sizeBytes", "pages"),
                names(tree.get("documents").get(0)));
        JsonNode alice = tree.get("recipients").get(0);
        assertEquals(List.of("recipientId", "email", "name", "role", "order", "phone", "fields", "authentication"), names(alice));
        assertEquals(List.of("type", "documentId", "page", "x", "y", "width", "height"),
                names(alice.get("fields").get(0)));
        JsonNode bob = tree.get("recipients").get(1);
        assertFalse(bob.has("phone"), "nulls are omitted");
        assertEquals(List.of("type", "documentId", "anchor"), names(bob.get("fields").get(0)));
    }

    @Test
    void providerEventFieldNames() {
        assertEquals(List.of("type", "envelopeId", "tenantId", "provider", "commandId", "occurredAt", "retryable",
                "code", "reason", "vendorCode"), names(mapper.valueToTree(Samples.PROVIDER_FAILED)));
        JsonNode accepted = mapper.valueToTree(Samples.PROVIDER_ACCEPTED);
        assertEquals(List.of("type", "envelopeId", "tenantId", "provider", "externalId", "commandId", "occurredAt",
                "signUrls"), names(accepted));
        assertEquals(List.of("recipientId", "url", "expiresAt"), names(accepted.get("signUrls").get(0)));
    }

    @Test
    void capabilitiesFieldNames() {
        assertEquals(List.of("provider", "levels", "multiSigner", "sequential", "otp", "reminders", "anchors",
                "fieldTypes", "maxDocumentBytes", "available", "checkedAt"),
                names(mapper.valueToTree(Samples.PROVIDER_CAPABILITIES)));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
