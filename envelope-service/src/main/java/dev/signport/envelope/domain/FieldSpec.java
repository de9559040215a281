package dev.signport.envelope.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.provider.FieldType;

/** Where a recipient signs or fills in: by page and position (PDF points from the top-left) or by anchor text. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FieldSpec(FieldType type, String documentId, Integer page, Double x, Double y, Double width,
        Double height, String anchor) {
}
