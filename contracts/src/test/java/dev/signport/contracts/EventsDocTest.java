package dev.signport.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EVENTS.md is what downstream teams code against: its examples must be exactly what the records produce. */
class EventsDocTest {

    private static final Path DOC = Path.of("EVENTS.md");
    private static final Pattern EXAMPLE = Pattern.compile("<!-- example: (\\w+) -->\\n```json\\n(.*?)\\n```",
            Pattern.DOTALL);
    private static final Pattern HEADERS = Pattern.compile("<!-- headers -->\\n```text\\n(.*?)\\n```", Pattern.DOTALL);

    private static String doc;
    private final ObjectMapper mapper = TestMappers.strict();

    @BeforeAll
    static void readDoc() throws IOException {
        doc = Files.readString(DOC);
    }

    static Map<String, String> examples() throws IOException {
        Map<String, String> examples = new LinkedHashMap<>();
        Matcher matcher = EXAMPLE.matcher(Files.readString(DOC));
        while (matcher.find()) {
            String previous = examples.put(matcher.group(1), matcher.group(2));
            assertEquals(null, previous, "two examples of " + matcher.group(1));
        }
        return examples;
    }

    static Stream<Object> samples() {
        return Samples.all().stream();
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyRecordHasAnExampleThatReadsIntoItAndEqualsWhatItWrites(Object sample) throws Exception {
        String json = examples().get(sample.getClass().getSimpleName());
        assertNotNull(json, "EVENTS.md has no example of " + sample.getClass().getSimpleName());
        Object read = mapper.readValue(json, Contracts.readType(sample.getClass()));
        assertEquals(sample.getClass(), read.getClass(), "example's type");
        assertEquals(sample, read);
        // Same fields, same values, nothing missing or extra.
        JsonNode documented = mapper.readTree(json);
        JsonNode written = mapper.readTree(mapper.writeValueAsString(sample));
        assertEquals(written, documented);
    }

    @Test
    void noExampleOfARecordThatDoesNotExist() throws Exception {
        for (String name : examples().keySet()) {
            assertTrue(Samples.byClass().keySet().stream().anyMatch(c -> c.getSimpleName().equals(name)), name);
        }
    }

    @Test
    void headerExampleUsesTheContractsHeaderNamesAndMatchesItsEvent() {
        Matcher matcher = HEADERS.matcher(doc);
        assertTrue(matcher.find(), "EVENTS.md has a <!-- headers --> example");
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : matcher.group(1).split("\n")) {
            int colon = line.indexOf(": ");
            headers.put(line.substring(0, colon), line.substring(colon + 2));
        }
        assertTrue(CloudEventHeaders.ALL.containsAll(headers.keySet()), headers.keySet().toString());
        assertTrue(headers.keySet().containsAll(CloudEventHeaders.REQUIRED));
        assertEquals(CloudEventHeaders.SPEC_VERSION, headers.get(CloudEventHeaders.CE_SPECVERSION));
        assertEquals(CloudEventHeaders.JSON, headers.get(CloudEventHeaders.CONTENT_TYPE));
        var event = Samples.ENVELOPE_COMPLETED;
        assertEquals(event.type(), headers.get(CloudEventHeaders.CE_TYPE));
        assertEquals(event.envelopeId(), headers.get(CloudEventHeaders.CE_SUBJECT));
        assertEquals(event.envelopeId(), headers.get(CloudEventHeaders.CE_PARTITIONKEY));
        assertEquals(event.tenantId(), headers.get(CloudEventHeaders.CE_TENANTID));
        assertEquals(event.occurredAt().toString(), headers.get(CloudEventHeaders.CE_TIME));
        String sequence = headers.get(CloudEventHeaders.CE_SEQUENCE);
        assertEquals(sequence, CloudEventHeaders.formatSequence(CloudEventHeaders.parseSequence(sequence)));
    }

    @Test
    void everyTopicIsDocumented() {
        for (String topic : Topics.FIXED) {
            assertTrue(doc.contains("## ") && doc.contains("`" + topic + "`"), topic);
        }
        assertTrue(doc.contains("`signport.provider.<provider>.commands.v1`"));
    }
}
