package dev.signport.webhook.delivery;

import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import dev.signport.webhook.support.TlsReceiverResource;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.signport.webhook.support.Env.awaitCount;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * https deliveries connect to the address the guard checked, yet present the URL's host: in the Host header, as
 * the TLS server name (SNI), and as the name the certificate must match.
 */
@QuarkusTest
@WithTestResource(value = TlsReceiverResource.class, scope = TestResourceScope.GLOBAL)
class TlsTest {

    @Test
    void theUrlsHostIsSentAsSniAndHostAndVerifiedAgainstTheCertificate() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.startTls(TlsReceiverResource.KEYSTORE, TlsReceiverResource.PASSWORD)) {
            Env.Hook hook = Env.webhook(key, receiver.url(), "*");
            Env.sent(key.tenantId());
            awaitCount(receiver, 1);
            Receiver.Request r = receiver.requests().get(0);
            assertEquals("receiver.test", r.sni());
            assertEquals("receiver.test:" + receiver.port(), r.header("host"));
            Env.verify(hook.secret(), r);
        }
    }

    @Test
    void aCertificateForAnotherNameIsRefused() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.startTls(TlsReceiverResource.KEYSTORE, TlsReceiverResource.PASSWORD)) {
            // alias.test is allowed and points at the same receiver, whose certificate names receiver.test only.
            Env.Hook hook = Env.webhook(key, "https://alias.test:" + receiver.port() + "/hooks", "*");
            Env.sent(key.tenantId());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> d = Env.deliveries(key, hook.id()).get(0);
                assertTrue(String.valueOf(d.get("lastError")).startsWith("TLS:"), String.valueOf(d));
            });
            assertEquals(0, receiver.count());
            Env.as(key).delete(Env.WEBHOOKS + "/" + hook.id()).then().statusCode(204);
        }
    }
}
