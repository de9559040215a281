package dev.signport.webhook.domain;

import com.standardwebhooks.Webhook;
import com.standardwebhooks.exceptions.WebhookVerificationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Our signatures against the reference Standard Webhooks implementation, and secrets sealed at rest. */
class SignaturesTest {

    @Test
    void theReferenceLibrarySignsAsWeDo() throws Exception {
        String secret = Signatures.newSecret();
        String body = "{\"type\":\"envelope.completed\",\"data\":{\"name\":\"Zoë\"}}";
        long ts = Instant.now().getEpochSecond();
        String ours = Signatures.sign(Signatures.keyOf(secret), "msg_1", ts, body.getBytes(StandardCharsets.UTF_8));
        assertEquals(new Webhook(secret).sign("msg_1", ts, body), ours);
    }

    @Test
    void eachSignatureOfARotationVerifiesOnItsOwn() throws Exception {
        String old = Signatures.newSecret();
        String fresh = Signatures.newSecret();
        String body = "{}";
        long ts = Instant.now().getEpochSecond();
        String header = Signatures.header(List.of(Signatures.keyOf(fresh), Signatures.keyOf(old)), "msg_2", ts,
                body.getBytes(StandardCharsets.UTF_8));
        Map<String, List<String>> headers = Map.of("webhook-id", List.of("msg_2"), "webhook-timestamp",
                List.of(Long.toString(ts)), "webhook-signature", List.of(header));
        new Webhook(fresh).verify(body, headers);
        new Webhook(old).verify(body, headers);
        assertThrows(WebhookVerificationException.class, () -> new Webhook(Signatures.newSecret()).verify(body,
                headers));
    }

    @Test
    void secretsHaveThirtyTwoRandomBytes() {
        String s = Signatures.newSecret();
        assertTrue(s.startsWith("whsec_"));
        assertEquals(32, Signatures.keyOf(s).length);
    }

    @Test
    void sealedSecretsOpenOnlyWithTheirKeyAndEndpoint() {
        SecretBox box = new SecretBox("ZGV2LW9ubHktd2ViaG9vay1zZWFsaW5nLWtleS0wMDA=");
        String secret = Signatures.newSecret();
        byte[] sealed = box.seal("wh_1", secret);
        assertEquals(secret, box.open("wh_1", sealed));
        assertThrows(IllegalStateException.class, () -> box.open("wh_2", sealed));
        SecretBox other = new SecretBox("b3RoZXIta2V5LW90aGVyLWtleS1vdGhlci1rZXktMDE=");
        assertThrows(IllegalStateException.class, () -> other.open("wh_1", sealed));
        assertThrows(IllegalStateException.class, () -> new SecretBox("c2hvcnQ="));
    }
}
