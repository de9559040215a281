package dev.signport.contracts;

import dev.signport.contracts.cloudevents.CloudEventHeaders;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CloudEventHeadersTest {

    @Test
    void headerNamesOfTheKafkaBindingInBinaryMode() {
        assertEquals(List.of("ce_id", "ce_source", "ce_type", "ce_specversion", "ce_time", "ce_subject",
                "ce_tenantid", "ce_sequence", "ce_partitionkey", "content-type", "traceparent", "tracestate"),
                CloudEventHeaders.ALL);
        assertEquals("1.0", CloudEventHeaders.SPEC_VERSION);
    }

    @Test
    void sequencesSortAsStringsInNumericOrder() {
        List<Long> numbers = List.of(1L, 2L, 9L, 10L, 99L, 100L, 1_000_000L, Long.MAX_VALUE);
        List<String> formatted = numbers.stream().map(CloudEventHeaders::formatSequence).toList();
        assertEquals(formatted, formatted.stream().sorted().collect(Collectors.toList()));
        assertEquals("0000000000000000042", CloudEventHeaders.formatSequence(42));
        assertEquals(42, CloudEventHeaders.parseSequence("0000000000000000042"));
        assertEquals(42, CloudEventHeaders.parseSequence("42"));
        assertThrows(IllegalArgumentException.class, () -> CloudEventHeaders.formatSequence(-1));
        assertThrows(NumberFormatException.class, () -> CloudEventHeaders.parseSequence("x"));
    }
}
