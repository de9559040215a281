package dev.signport.contracts.envelope;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Objects;

/**
 * A recipient as listed in {@code envelope.created}.
 *
 * @param recipientId {@code rcp_…}
 * @param order       1-based signing step; recipients with the same order sign in parallel (always 1 in PARALLEL)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RecipientSummary(String recipientId, String email, String name, RecipientRole role, int order) {

    public RecipientSummary {
        Objects.requireNonNull(recipientId, "recipientId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        if (order < 1) {
            throw new IllegalArgumentException("order must be >= 1: " + order);
        }
    }
}
