package dev.signport.connector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.connector.core.testing.ConnectorContract;
import dev.signport.connector.core.testing.SimulatorHooks;
import dev.signport.connector.core.testing.TestPdfs;
import dev.signport.connector.core.testing.VendorHooks;
import dev.signport.contracts.Topics;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.platform.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/** The connector contract against the OKdokument simulator, plus its quota and size limit. */
@QuarkusTest
@TestProfile(OkdokumentProfile.class)
class OkdokumentContractTest extends ConnectorContract {

    private OkdokumentHooks hooks;

    @Override
    protected VendorHooks vendor() {
        if (hooks == null) {
            hooks = new OkdokumentHooks(simulatorsUrl());
        }
        return hooks;
    }

    @Test
    void anExhaustedQuotaIsANonRetryableFailureAndShowsInCapabilitiesHealthAndMetrics() {
        vendor();
        try (KafkaProbe capabilities = new KafkaProbe(Topics.PROVIDER_CAPABILITIES)) {
            hooks.setQuota(0);
            var send = send(List.of(upload("no quota")), List.of(person("rita")), SigningOrder.PARALLEL);
            ProviderFailed failed = awaitEvent(send.envelopeId(), ProviderFailed.class);
            assertFalse(failed.retryable());
            assertEquals(FailureCode.QUOTA_EXHAUSTED, failed.code());
            assertEquals("NO_SIGNATURE_REQUESTS", failed.vendorCode());
            assertTrue(failed.reason().contains("no signature requests left"), failed.reason());

            ConsumerRecord<String, String> down = capabilities.awaitRecord(r -> "okdokument".equals(r.key())
                    && !json(r).path("available").asBoolean(true)).stream()
                    .filter(r -> "okdokument".equals(r.key()) && !json(r).path("available").asBoolean(true))
                    .findFirst().orElseThrow();
            assertEquals(0, json(down).path("quotaRemaining").asLong(-1));

            given().get("/q/health/well").then().statusCode(503)
                    .body("checks.find { it.name == 'vendor okdokument' }.data.quotaRemaining", equalTo(0));
            given().get("/q/metrics").then().statusCode(200)
                    .body(containsString("signport_connector_quota_remaining{provider=\"okdokument\"} 0.0"));

            // Bought more: the next probe of the counter (before each periodic republish) says so.
            hooks.setQuota(1000);
            capabilities.awaitRecord(r -> "okdokument".equals(r.key()) && r.offset() > down.offset()
                    && json(r).path("available").asBoolean(false));
        } finally {
            hooks.setQuota(1000);
        }
    }

    @Test
    void aDocumentOverTenMegabytesIsRefusedWithoutCallingTheVendor() {
        Doc big = upload(TestPdfs.sized("too big " + System.nanoTime(), 10 * 1024 * 1024 + 200_000), "big.pdf");
        var send = send(List.of(big), List.of(person("sam")), SigningOrder.PARALLEL);
        ProviderFailed failed = awaitEvent(send.envelopeId(), ProviderFailed.class);
        assertFalse(failed.retryable());
        assertEquals(FailureCode.UNSUPPORTED, failed.code());
        assertTrue(failed.reason().contains("10 MB"), failed.reason());
        assertEquals(0, callsSinceStart(vendor().createOperation()).size());
    }

    @Test
    void twoSignersAreRefusedWithoutCallingTheVendor() {
        var send = send(List.of(upload("two signers")), List.of(person("tom"), person("uma")), SigningOrder.PARALLEL);
        ProviderFailed failed = awaitEvent(send.envelopeId(), ProviderFailed.class);
        assertFalse(failed.retryable());
        assertEquals(FailureCode.UNSUPPORTED, failed.code());
        assertEquals(0, callsSinceStart(vendor().createOperation()).size());
    }

    /** The OKdokument simulator's control API. */
    static final class OkdokumentHooks extends SimulatorHooks {

        OkdokumentHooks(String simulatorsUrl) {
            super(simulatorsUrl, "okdokument");
        }

        @Override
        public String createOperation() {
            return "create-request";
        }

        @Override
        public String cancelOperation() {
            return "delete-request";
        }

        @Override
        protected String stateField() {
            return "state";
        }

        @Override
        public String cancelledState() {
            return "canceled";
        }

        @Override
        public boolean reportsViews() {
            return false;
        }

        /** OKdokument signs nothing: a forged "signed" is accepted (204), re-read, and changes nothing. */
        @Override
        public ForgedCallback forgedCallback(String externalId) {
            byte[] body = ("{\"state\":\"signed\",\"id\":1,\"signatureRequestId\":\"" + externalId + "\"}")
                    .getBytes(StandardCharsets.UTF_8);
            return new ForgedCallback(Map.of(), body, 204);
        }

        @Override
        public Refusal refusal() {
            return new Refusal(400, "BAD_REQUEST");
        }

        void setQuota(int remaining) {
            given().contentType(ContentType.JSON).body(Map.of("remaining", remaining))
                    .put(control().replace("/_control/okdokument", "/_control/okdokument/quota")).then().statusCode(200);
        }
    }
}
