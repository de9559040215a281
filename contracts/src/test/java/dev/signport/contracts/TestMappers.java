package dev.signport.contracts;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** ObjectMappers configured the way consumers are told to configure theirs (EVENTS.md). */
public final class TestMappers {

    private TestMappers() {
    }

    /** As Quarkus configures its default mapper: ISO-8601 dates, unknown properties ignored. */
    public static ObjectMapper lenient() {
        return base().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    /** Plain Jackson defaults apart from dates: fails on any property the records do not know. */
    public static ObjectMapper strict() {
        return base().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    }

    private static ObjectMapper base() {
        return new ObjectMapper()
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    }
}
