package dev.signport.connector.core.domain;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads and writes the JSON columns of {@link EnvelopeLink} (progress and recipients). */
@ApplicationScoped
public class LinkCodec {

    private static final TypeReference<LinkedHashMap<String, String>> MAP = new TypeReference<>() {};
    private static final TypeReference<List<RecipientLink>> RECIPIENTS = new TypeReference<>() {};

    private final ObjectMapper mapper;

    public LinkCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public Map<String, String> progress(EnvelopeLink link) {
        return read(link.progress, MAP, new LinkedHashMap<>());
    }

    public List<RecipientLink> recipients(EnvelopeLink link) {
        return read(link.recipients, RECIPIENTS, List.of());
    }

    public String write(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    private <T> T read(String json, TypeReference<T> type, T empty) {
        if (json == null || json.isBlank()) {
            return empty;
        }
        try {
            return mapper.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Corrupt envelope_link JSON column", e);
        }
    }
}
