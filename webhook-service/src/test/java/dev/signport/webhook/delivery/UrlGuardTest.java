package dev.signport.webhook.delivery;

import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** URL rules that need no DNS, with the production default of https only. */
class UrlGuardTest {

    private final UrlGuard httpsOnly = new UrlGuard(false, new AddressPolicy(List.of()), null);

    private static ProblemType refusal(UrlGuard guard, String url) {
        return assertThrows(ProblemException.class, () -> guard.parse(url)).type();
    }

    @Test
    void parsesWhatItSends() {
        assertEquals(new UrlGuard.Target("crm.example.com", 443, true, "/hooks/signport?tenant=7"),
                httpsOnly.parse("https://CRM.example.com/hooks/signport?tenant=7"));
        assertEquals(new UrlGuard.Target("crm.example.com", 8443, true, "/"),
                httpsOnly.parse("https://crm.example.com:8443"));
        assertEquals(new UrlGuard.Target("2606:4700::1", 443, true, "/x"), httpsOnly.parse("https://[2606:4700::1]/x"));
        assertEquals("https://crm.example.com:443", httpsOnly.parse("https://crm.example.com/a?token=s3cret")
                .redacted());
    }

    @Test
    void plainHttpOnlyWhenConfigured() {
        assertEquals(ProblemType.UNPROCESSABLE, refusal(httpsOnly, "http://crm.example.com/hooks"));
        UrlGuard demo = new UrlGuard(true, new AddressPolicy(List.of()), null);
        assertEquals(80, demo.parse("http://crm.example.com/hooks").port());
    }

    @Test
    void refusesWhatIsNoWebhookUrl() {
        assertEquals(ProblemType.VALIDATION_FAILED, refusal(httpsOnly, ""));
        assertEquals(ProblemType.VALIDATION_FAILED, refusal(httpsOnly, "crm.example.com/hooks"));
        assertEquals(ProblemType.VALIDATION_FAILED, refusal(httpsOnly, "ftp://crm.example.com/hooks"));
        assertEquals(ProblemType.VALIDATION_FAILED, refusal(httpsOnly, "https://crm.example.com/a b"));
        assertEquals(ProblemType.VALIDATION_FAILED, refusal(httpsOnly, "https://crm.example.com/#frag"));
        assertEquals(ProblemType.VALIDATION_FAILED, refusal(httpsOnly, "https://crm.example.com/" + "a".repeat(2048)));
        assertEquals(ProblemType.UNPROCESSABLE, refusal(httpsOnly, "https://u:p@crm.example.com/hooks"));
        assertEquals(ProblemType.UNPROCESSABLE, refusal(httpsOnly, "https://2130706433/hooks"));
        // Not even a host to java.net.URI (its last label starts with a digit).
        assertEquals(ProblemType.VALIDATION_FAILED, refusal(httpsOnly, "https://0x7f.0.0.1/hooks"));
        assertEquals(ProblemType.VALIDATION_FAILED, refusal(httpsOnly, "https://127.1/hooks"));
        assertEquals(ProblemType.UNPROCESSABLE, refusal(httpsOnly, "https://0177.0.0.1/hooks"));
    }
}
