package dev.signport.contracts;

import dev.signport.contracts.cloudevents.EventSources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TopicsTest {

    @Test
    void fixedTopicNames() {
        assertEquals("signport.envelope-events.v1", Topics.ENVELOPE_EVENTS);
        assertEquals("signport.document-events.v1", Topics.DOCUMENT_EVENTS);
        assertEquals("signport.provider-events.v1", Topics.PROVIDER_EVENTS);
        assertEquals("signport.api-keys.v1", Topics.API_KEYS);
        assertEquals("signport.provider-capabilities.v1", Topics.PROVIDER_CAPABILITIES);
        assertEquals("signport.webhook-events.v1", Topics.WEBHOOK_EVENTS);
        assertEquals("signport.dead-letter.v1", Topics.DEAD_LETTER);
        assertEquals(7, Set.copyOf(Topics.FIXED).size());
        Topics.FIXED.forEach(topic -> assertTrue(topic.matches("[a-zA-Z0-9._-]{1,249}"), topic));
    }

    @Test
    void providerCommandTopicOfEveryKnownProvider() {
        assertEquals("signport.provider.certyneo.commands.v1", Topics.providerCommands(Providers.CERTYNEO));
        assertEquals(Set.of("signport.provider.local.commands.v1", "signport.provider.certifaction.commands.v1",
                        "signport.provider.certeurope.commands.v1", "signport.provider.certyneo.commands.v1",
                        "signport.provider.okdokument.commands.v1"),
                Set.copyOf(Providers.ALL.stream().map(Topics::providerCommands).toList()));
        assertEquals("signport.provider.acme-sign2.commands.v1", Topics.providerCommands("acme-sign2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Certyneo", "cert.yneo", "cert yneo", "1sign", "-sign", "cert_yneo", "a/b",
            "abcdefghijklmnopqrstuvwxyzabcdefg"})
    void providerNamesThatWouldMakeABadTopicAreRejected(String name) {
        assertThrows(IllegalArgumentException.class, () -> Topics.providerCommands(name));
    }

    @Test
    void nullProviderIsRejected() {
        assertThrows(NullPointerException.class, () -> Topics.providerCommands(null));
    }

    @Test
    void knownProviders() {
        assertEquals(5, Providers.ALL.size());
        assertTrue(Providers.isKnown("okdokument"));
        assertFalse(Providers.isKnown("docusign"));
        assertFalse(Providers.isKnown(null));
    }

    @Test
    void eventSources() {
        assertEquals("/signport/connectors/certeurope", EventSources.connector(Providers.CERTEUROPE));
        assertThrows(IllegalArgumentException.class, () -> EventSources.connector("../x"));
    }
}
