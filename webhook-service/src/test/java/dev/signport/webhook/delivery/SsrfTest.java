package dev.signport.webhook.delivery;

import dev.signport.platform.testing.TestKeys;
import dev.signport.webhook.support.Env;
import dev.signport.webhook.support.Receiver;
import dev.signport.webhook.support.SwitchableResolver;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The SSRF guard, against the test profile's allow-list (only {@code receiver.test} may be reached although it
 * is loopback): internal targets are refused at creation with 422 however they are spelt, and a name that
 * starts pointing at one after creation is refused at connect time.
 */
@QuarkusTest
class SsrfTest {

    @Test
    void internalTargetsAreRefusedAtCreation() {
        TestKeys.TestKey key = TestKeys.create();
        List<String> refused = List.of(
                "http://localhost:8080/hooks",            // a name resolving to loopback (both 127.0.0.1 and ::1)
                "http://loopback.test/hooks",             // a DNS name resolving to 127.0.0.1
                "http://127.0.0.1/hooks",
                "http://127.1.2.3/hooks",
                "http://2130706433/hooks",                // 127.0.0.1 as one number
                "http://0177.0.0.1/hooks",                // octal to curl, decimal to the JDK: ambiguous
                "http://0.0.0.0/hooks",
                "http://10.0.0.7/hooks",
                "http://172.16.5.4/hooks",
                "http://192.168.1.10/hooks",
                "http://100.64.0.1/hooks",
                "http://private.test/hooks",              // a name resolving to 10.1.2.3
                "http://169.254.169.254/latest/meta-data",
                "http://metadata.test/latest/meta-data",  // a name resolving to the metadata address
                "http://[::1]/hooks",
                "http://[::ffff:127.0.0.1]/hooks",        // IPv4-mapped IPv6
                "http://[::ffff:a9fe:a9fe]/hooks",        // 169.254.169.254, IPv4-mapped, in hex
                "http://[64:ff9b::a00:1]/hooks",          // NAT64 of 10.0.0.1
                "http://[fd00::1]/hooks",                 // unique-local
                "http://[fe80::1]/hooks",                 // link-local
                "http://224.0.0.1/hooks",
                "http://does-not-exist.invalid/hooks");   // does not resolve
        for (String url : refused) {
            Env.json(key).body(Map.of("url", url, "events", List.of("*"))).post(Env.WEBHOOKS)
                    .then().statusCode(422).contentType("application/problem+json")
                    .body("type", equalTo("https://signport.dev/problems/unprocessable-content"));
        }
        Env.json(key).body(Map.of("url", "https://user:pw@public.test/hooks", "events", List.of("*")))
                .post(Env.WEBHOOKS).then().statusCode(422).body("detail", containsString("credentials"));
        Env.as(key).get(Env.WEBHOOKS).then().statusCode(200).body("data.size()", equalTo(0));

        // A public address is fine; changing it to an internal one is refused and changes nothing.
        Env.Hook hook = Env.webhook(key, "https://public.test/hooks", "*");
        Env.json(key).body(Map.of("url", "http://loopback.test/hooks")).patch(Env.WEBHOOKS + "/" + hook.id())
                .then().statusCode(422);
        Env.as(key).get(Env.WEBHOOKS + "/" + hook.id()).then().body("url", equalTo("https://public.test/hooks"));
    }

    @Test
    void aNameRepointedAtLoopbackAfterCreationIsRefusedAtConnectTime() {
        TestKeys.TestKey key = TestKeys.create();
        try (Receiver receiver = Receiver.start()) {
            // At creation the name is public...
            SwitchableResolver.point("rebind.test", "93.184.215.14");
            String url = "http://rebind.test:" + receiver.port() + "/hooks";
            Env.Hook hook = Env.webhook(key, url, "*");
            // ...then its DNS answer changes to where the receiver (a stand-in for an internal service) listens.
            SwitchableResolver.point("rebind.test", "127.0.0.1");
            Env.sent(key.tenantId());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                Map<String, Object> d = Env.deliveries(key, hook.id()).get(0);
                assertEquals("blocked: 127.0.0.1 is a loopback address", d.get("lastError"));
            });
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> receiver.count() == 0);
            Env.as(key).delete(Env.WEBHOOKS + "/" + hook.id()).then().statusCode(204);
        }
    }
}
