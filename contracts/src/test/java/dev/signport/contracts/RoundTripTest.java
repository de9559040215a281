package dev.signport.contracts;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.envelope.EnvelopeCreated;
import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.contracts.envelope.SigningOrder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoundTripTest {

    private static final List<ObjectMapper> MAPPERS = List.of(TestMappers.strict(), TestMappers.lenient());

    static Stream<Arguments> samples() {
        return Samples.all().stream().map(sample -> Arguments.of(sample.getClass().getSimpleName(), sample));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsThroughTheTypeConsumersReadItAs(String name, Object sample) throws Exception {
        for (ObjectMapper mapper : MAPPERS) {
            Class<?> readType = Contracts.readType(sample.getClass());
            String json = mapper.writerFor(readType).writeValueAsString(sample);
            Object back = mapper.readValue(json, readType);
            assertSame(sample.getClass(), back.getClass());
            assertEquals(sample, back);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void roundTripsThroughItsOwnClass(String name, Object sample) throws Exception {
        for (ObjectMapper mapper : MAPPERS) {
            String json = mapper.writeValueAsString(sample);
            assertEquals(sample, mapper.readValue(json, sample.getClass()));
            // Static type or runtime type: same JSON, so producers may serialise either.
            assertEquals(json, mapper.writerFor(Contracts.readType(sample.getClass())).writeValueAsString(sample));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void typePropertyIsTheRecordsTypeAndInstantsAreIso8601(String name, Object sample) throws Exception {
        JsonNode tree = TestMappers.strict().valueToTree(sample);
        boolean polymorphic = Contracts.readType(sample.getClass()) != sample.getClass();
        assertEquals(polymorphic, tree.has("type"), "only polymorphic payloads carry 'type'");
        if (polymorphic) {
            String type = (String) sample.getClass().getMethod("type").invoke(sample);
            assertEquals(type, tree.get("type").asText());
            assertEquals(type, sample.getClass().getField("TYPE").get(null));
            assertEquals("type", tree.fieldNames().next(), "type comes first");
        }
        for (String field : List.of("occurredAt", "issuedAt", "createdAt", "checkedAt")) {
            if (tree.has(field)) {
                assertTrue(tree.get(field).isTextual() && tree.get(field).asText().endsWith("Z"), field);
            }
        }
    }

    @Test
    void everyRecordOfEverySealedTypeHasASample() {
        Set<Class<?>> sampled = Samples.byClass().keySet();
        for (Class<?> root : Contracts.SEALED_ROOTS) {
            for (Class<?> leaf : Contracts.leaves(root)) {
                assertTrue(sampled.contains(leaf), "no sample of " + leaf.getSimpleName());
            }
        }
    }

    @Test
    void jsonSubTypesListExactlyThePermittedRecordsUnderTheirTypeConstant() throws Exception {
        Set<String> allNames = new HashSet<>();
        for (Class<?> root : Contracts.SEALED_ROOTS) {
            JsonSubTypes subTypes = root.getAnnotation(JsonSubTypes.class);
            Set<Class<?>> registered = new HashSet<>();
            for (JsonSubTypes.Type type : subTypes.value()) {
                registered.add(type.value());
                assertEquals(type.value().getField("TYPE").get(null), type.name(), type.value().getSimpleName());
                assertTrue(allNames.add(type.name()), "type names are unique across topics: " + type.name());
                assertTrue(type.name().matches("[a-z]+\\.[a-z_]+"), type.name());
            }
            assertEquals(Set.copyOf(Contracts.leaves(root)), registered, root.getSimpleName());
        }
    }

    @Test
    void recordsCopyTheCallersListsAndDefaultOptionalCollections() {
        var recipients = new ArrayList<>(Samples.ENVELOPE_CREATED.recipients());
        var copy = new EnvelopeCreated(Samples.ENVELOPE, Samples.TENANT, Mode.TEST, EnvelopeStatus.DRAFT,
                Samples.CREATED, "s", null, null, SigningOrder.PARALLEL, null, List.of(Samples.CONTRACT), recipients,
                null, null);
        recipients.clear();
        assertEquals(2, copy.recipients().size());
        assertTrue(copy.fallbackProviders().isEmpty());
        assertTrue(copy.metadata().isEmpty());
        assertFalse(TestMappers.strict().valueToTree(copy).has("metadata"), "empty metadata is omitted");
        assertNull(copy.signatureLevel());
    }
}
