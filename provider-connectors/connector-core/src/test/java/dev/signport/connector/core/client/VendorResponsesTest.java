package dev.signport.connector.core.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import org.junit.jupiter.api.Test;

/** Retry-After in both of its HTTP forms. */
class VendorResponsesTest {

    @Test
    void readsSecondsAndDates() {
        assertEquals(Duration.ofSeconds(2), VendorResponses.retryAfter("2"));
        assertNull(VendorResponses.retryAfter(null));
        assertNull(VendorResponses.retryAfter("soon"));
        String inTenSeconds = DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now().plusSeconds(10));
        Duration d = VendorResponses.retryAfter(inTenSeconds);
        assertTrue(d.getSeconds() >= 8 && d.getSeconds() <= 10, d.toString());
    }
}
