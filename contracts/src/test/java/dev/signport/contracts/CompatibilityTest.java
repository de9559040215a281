package dev.signport.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.InvalidTypeIdException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signport.contracts.document.DocumentEvent;
import dev.signport.contracts.document.DocumentStored;
import dev.signport.contracts.envelope.EnvelopeCompleted;
import dev.signport.contracts.envelope.EnvelopeEvent;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.RecipientEvent;
import dev.signport.contracts.envelope.RecipientSigned;
import dev.signport.contracts.provider.ProviderCommand;
import dev.signport.contracts.provider.ProviderEvent;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.SendEnvelope;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How records behave when producer and consumer are at different contract versions. */
class CompatibilityTest {

    static Stream<Object> samples() {
        return Samples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void unknownFieldsAreIgnoredWhenFailOnUnknownPropertiesIsOff(Object sample) throws Exception {
        assertIgnoresUnknownFields(TestMappers.lenient(), sample);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void unknownFieldsAreIgnoredEvenWhenFailOnUnknownPropertiesIsOn(Object sample) throws Exception {
        // The records say @JsonIgnoreProperties(ignoreUnknown = true): a consumer on plain Jackson defaults
        // survives a producer that added a field.
        assertIgnoresUnknownFields(TestMappers.strict(), sample);
    }

    private static void assertIgnoresUnknownFields(ObjectMapper mapper, Object sample) throws Exception {
        ObjectNode tree = mapper.valueToTree(sample);
        tree.put("addedInAFutureVersion", "x");
        tree.putObject("anotherOne").put("nested", 1);
        Class<?> readType = Contracts.readType(sample.getClass());
        assertEquals(sample, mapper.treeToValue(tree, readType));
    }

    @Test
    void unknownFieldsInsideNestedRecordsAreIgnored() throws Exception {
        ObjectMapper mapper = TestMappers.strict();
        ObjectNode tree = mapper.valueToTree(Samples.SEND_ENVELOPE);
        ((ObjectNode) tree.get("documents").get(0)).put("future", true);
        ((ObjectNode) tree.get("recipients").get(0)).put("future", true);
        ((ObjectNode) tree.get("recipients").get(0).get("fields").get(0)).put("future", true);
        assertEquals(Samples.SEND_ENVELOPE, mapper.treeToValue(tree, ProviderCommand.class));
    }

    @Test
    void deserialisesPolymorphicallyByType() throws Exception {
        ObjectMapper mapper = TestMappers.lenient();
        String signed = """
                {"type":"recipient.signed","envelopeId":"env_1","tenantId":"ten_1","mode":"TEST",
                 "status":"PARTIALLY_SIGNED","occurredAt":"2025-03-04T11:04:50.123456Z",
                 "recipientId":"rcp_1","email":"a@example.com","name":"A"}""";
        EnvelopeEvent event = mapper.readValue(signed, EnvelopeEvent.class);
        RecipientSigned recipientSigned = assertInstanceOf(RecipientSigned.class, event);
        assertEquals("rcp_1", recipientSigned.recipientId());
        assertEquals(123456000, recipientSigned.occurredAt().getNano());
        assertInstanceOf(RecipientSigned.class, mapper.readValue(signed, RecipientEvent.class));

        String stored = mapper.writeValueAsString(Samples.DOCUMENT_STORED);
        assertInstanceOf(DocumentStored.class, mapper.readValue(stored, DocumentEvent.class));
        String failed = mapper.writeValueAsString(Samples.PROVIDER_FAILED);
        assertInstanceOf(ProviderFailed.class, mapper.readValue(failed, ProviderEvent.class));
        String send = mapper.writeValueAsString(Samples.SEND_ENVELOPE);
        assertInstanceOf(SendEnvelope.class, mapper.readValue(send, ProviderCommand.class));
    }

    @Test
    void aTypeOfAnotherFamilyIsRejected() throws Exception {
        ObjectMapper mapper = TestMappers.lenient();
        String completed = mapper.writeValueAsString(Samples.ENVELOPE_COMPLETED);
        assertThrows(InvalidTypeIdException.class, () -> mapper.readValue(completed, RecipientEvent.class));
        assertThrows(InvalidTypeIdException.class, () -> mapper.readValue(completed, ProviderEvent.class));
    }

    @Test
    void unknownTypesFailByDefaultAndReadAsNullWhenInvalidSubtypesAreTolerated() throws Exception {
        String future = """
                {"type":"envelope.archived","envelopeId":"env_1","tenantId":"ten_1"}""";
        assertThrows(InvalidTypeIdException.class, () -> TestMappers.lenient().readValue(future, EnvelopeEvent.class));
        ObjectMapper tolerant = TestMappers.lenient().configure(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE, false);
        assertNull(tolerant.readValue(future, EnvelopeEvent.class));
    }

    @Test
    void aMissingTypeIsRejected() throws Exception {
        ObjectNode tree = TestMappers.lenient().valueToTree(Samples.ENVELOPE_COMPLETED);
        tree.remove("type");
        assertThrows(InvalidTypeIdException.class,
                () -> TestMappers.lenient().treeToValue(tree, EnvelopeEvent.class));
    }

    @Test
    void unknownFailureCodesReadAsUnknownWithoutConsumerConfiguration() throws Exception {
        ObjectMapper mapper = TestMappers.strict();
        ObjectNode tree = mapper.valueToTree(Samples.PROVIDER_FAILED);
        tree.put("code", "SOMETHING_NEW");
        ProviderFailed failed = (ProviderFailed) mapper.treeToValue(tree, ProviderEvent.class);
        assertEquals(FailureCode.UNKNOWN, failed.code());
    }

    @Test
    void missingRequiredFieldsAreRejectedByTheCompactConstructor() throws Exception {
        ObjectMapper mapper = TestMappers.lenient();
        ObjectNode tree = mapper.valueToTree(Samples.ENVELOPE_COMPLETED);
        tree.remove("signedDocumentId");
        JsonMappingException e = assertThrows(JsonMappingException.class,
                () -> mapper.treeToValue(tree, EnvelopeEvent.class));
        assertTrue(e.getMessage().contains("signedDocumentId"), e.getMessage());
    }

    @Test
    void absentOptionalFieldsReadAsNull() throws Exception {
        ObjectMapper mapper = TestMappers.lenient();
        ObjectNode tree = mapper.valueToTree(Samples.ENVELOPE_COMPLETED);
        tree.remove("auditTrailDocumentId");
        tree.remove("metadata");
        EnvelopeCompleted read = (EnvelopeCompleted) mapper.treeToValue(tree, EnvelopeEvent.class);
        assertNull(read.auditTrailDocumentId());
        assertTrue(read.metadata().isEmpty());
    }
}
