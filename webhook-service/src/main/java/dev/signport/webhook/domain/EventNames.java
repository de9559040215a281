package dev.signport.webhook.domain;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import dev.signport.contracts.envelope.EnvelopeEvent;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The event names a subscription may list: every envelope event type of {@code contracts/} (read from the
 * contract's own type registry, so a type added there is subscribable here without a code change), or
 * {@code *} for all of them, including types added later.
 */
public final class EventNames {

    public static final String ALL = "*";
    /** What {@code POST /api/v1/webhooks/{id}/test} sends, whatever the subscription. */
    public static final String TEST = "webhook.test";

    private static final Set<String> KNOWN = new TreeSet<>(Arrays.stream(
            EnvelopeEvent.class.getAnnotation(JsonSubTypes.class).value()).map(JsonSubTypes.Type::name).toList());

    private EventNames() {
    }

    public static Set<String> known() {
        return KNOWN;
    }

    public static boolean isSubscribable(String name) {
        return ALL.equals(name) || KNOWN.contains(name);
    }

    /** Whether a subscription to {@code events} receives an event of {@code type}. */
    public static boolean matches(Collection<String> events, String type) {
        return events.contains(ALL) || events.contains(type);
    }

    public static boolean matches(String[] events, String type) {
        return matches(List.of(events), type);
    }
}
