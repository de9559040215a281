package dev.signport.contracts.cloudevents;

import java.util.List;
import java.util.Objects;

/**
 * Kafka header names of the CloudEvents 1.0 Kafka protocol binding in binary mode, as every Signport record
 * carries them (attributes as {@code ce_*} headers, JSON payload as the record value).
 */
public final class CloudEventHeaders {

    /** Unique event id; consumers de-duplicate on it (delivery is at-least-once). */
    public static final String CE_ID = "ce_id";
    /** URI reference of the producer, see {@link EventSources}. */
    public static final String CE_SOURCE = "ce_source";
    /** Event type, for example {@code envelope.completed}; equal to the payload's {@code type} property. */
    public static final String CE_TYPE = "ce_type";
    /** Always {@link #SPEC_VERSION}. */
    public static final String CE_SPECVERSION = "ce_specversion";
    /** When the occurrence happened, RFC 3339 UTC, for example {@code 2025-03-04T10:15:30Z}. */
    public static final String CE_TIME = "ce_time";
    /** The aggregate the event is about (envelope id, document id, key id, provider, webhook id). */
    public static final String CE_SUBJECT = "ce_subject";
    /** Extension: tenant the event belongs to (absent on provider-capabilities). */
    public static final String CE_TENANTID = "ce_tenantid";
    /** Extension: position of the event among the events of its aggregate, see {@link #formatSequence(long)}. */
    public static final String CE_SEQUENCE = "ce_sequence";
    /** Extension (partitioning): equal to the Kafka record key. */
    public static final String CE_PARTITIONKEY = "ce_partitionkey";
    /** The CloudEvents {@code datacontenttype}; in binary mode it is the plain {@code content-type} header. */
    public static final String CONTENT_TYPE = "content-type";
    /** W3C trace context, so traces continue across Kafka. */
    public static final String TRACEPARENT = "traceparent";
    /** W3C trace context vendor state. */
    public static final String TRACESTATE = "tracestate";

    /** The only spec version Signport writes. */
    public static final String SPEC_VERSION = "1.0";
    /** Content type of every payload. */
    public static final String JSON = "application/json";

    /** Headers present on every record. */
    public static final List<String> REQUIRED =
            List.of(CE_ID, CE_SOURCE, CE_TYPE, CE_SPECVERSION, CE_TIME, CONTENT_TYPE);
    /** Every header name above. */
    public static final List<String> ALL = List.of(CE_ID, CE_SOURCE, CE_TYPE, CE_SPECVERSION, CE_TIME, CE_SUBJECT,
            CE_TENANTID, CE_SEQUENCE, CE_PARTITIONKEY, CONTENT_TYPE, TRACEPARENT, TRACESTATE);

    private static final int SEQUENCE_DIGITS = 19; // Long.MAX_VALUE has 19 digits

    private CloudEventHeaders() {
    }

    /**
     * The {@code ce_sequence} value for a sequence number: decimal, zero-padded to 19 digits, because the
     * CloudEvents sequence extension requires values whose string order is their order.
     */
    public static String formatSequence(long sequence) {
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + sequence);
        }
        String digits = Long.toString(sequence);
        return "0".repeat(SEQUENCE_DIGITS - digits.length()) + digits;
    }

    /** The sequence number of a {@code ce_sequence} value (padded or not). */
    public static long parseSequence(String value) {
        Objects.requireNonNull(value, "value");
        long sequence = Long.parseLong(value.trim());
        if (sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative: " + value);
        }
        return sequence;
    }
}
