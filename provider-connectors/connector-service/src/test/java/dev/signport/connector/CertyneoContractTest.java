package dev.signport.connector;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.connector.core.domain.CallbackTokens;
import dev.signport.connector.core.domain.SecretBox;
import dev.signport.connector.core.testing.ConnectorContract;
import dev.signport.connector.core.testing.SimulatorHooks;
import dev.signport.connector.core.testing.VendorHooks;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.platform.id.Ids;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** The connector contract against the Certyneo simulator, plus what is Certyneo's own. */
@QuarkusTest
@TestProfile(CertyneoProfile.class)
class CertyneoContractTest extends ConnectorContract {

    private CertyneoHooks hooks;

    @Override
    protected VendorHooks vendor() {
        if (hooks == null) {
            hooks = new CertyneoHooks(simulatorsUrl());
        }
        return hooks;
    }

    @Test
    void theEnvelopesWebhookIsRemovedWhenItEnds() {
        Person pia = person("pia");
        var send = send(List.of(upload("webhook cleanup")), List.of(pia), SigningOrder.PARALLEL);
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);
        String url = callbackUrl(send.envelopeId());
        assertTrue(hooks.webhookUrls().contains(url), "a webhook is registered for the envelope's callback URL");

        vendor().sign(accepted.externalId(), pia.email());
        awaitEvent(send.envelopeId(), ProviderCompleted.class);
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> !hooks.webhookUrls().contains(url));
    }

    @Test
    void aCallbackAboutAnotherEnvelopeIsAcknowledgedAndIgnored() {
        var send = send(List.of(upload("other envelope")), List.of(person("quinn")), SigningOrder.PARALLEL);
        awaitEvent(send.envelopeId(), ProviderAccepted.class);
        // Correctly signed is impossible without the secret; a wrong signature is refused whatever it claims.
        given().contentType("application/json").header(CertyneoHooks.SIGNATURE, "sha256=00")
                .body("{\"event\":\"envelope.completed\",\"envelope_id\":\"cenv_other\"}")
                .post(callbackUrl(send.envelopeId())).then().statusCode(401);
        assertEquals(List.of(ProviderAccepted.TYPE), typesOf(send.envelopeId()));
    }

    /**
     * A replica crashed after Certyneo created the envelope and before its id was recorded (only the
     * uploaded document was): the redelivered command finds that envelope by its document ids and
     * carries on, without a second upload or create.
     */
    @Test
    void aSendInterruptedAfterTheVendorCreatedTheEnvelopeResumesWithoutCreatingAnother() throws Exception {
        Person rosa = person("rosa");
        Doc doc = upload("interrupted");
        var send = sendCommand(List.of(doc), List.of(rosa), SigningOrder.PARALLEL);
        String auth = "Bearer sk_test_sim_certyneo";
        String cdoc = given().header("Authorization", auth).multiPart("file", doc.name(), doc.bytes(), "application/pdf")
                .post(simulatorsUrl() + "/certyneo/api/v1/documents").then().statusCode(201).extract().path("id");
        String cenv = given().header("Authorization", auth).contentType("application/json")
                .body(Map.of("subject", send.subject(), "documentIds", List.of(cdoc), "recipients",
                        List.of(Map.of("email", rosa.email(), "name", rosa.name(), "role", "SIGNER"))))
                .post(simulatorsUrl() + "/certyneo/api/v1/envelopes").then().statusCode(201).extract().path("id");
        String token = CallbackTokens.newToken();
        SecretBox box = Arc.container().instance(SecretBox.class).get();
        AgroalDataSource ds = Arc.container().instance(AgroalDataSource.class).get();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("""
                insert into envelope_link(id, provider, envelope_id, tenant_id, mode, send_command_id, state,
                    callback_token_hash, callback_token_sealed, callback_base_url, document_name, progress, recipients,
                    claim_owner, claimed_until, created_at, updated_at)
                values (?, 'certyneo', ?, ?, 'TEST', ?, 'SENDING', ?, ?, ?, ?, ?, '[]', 'a-replica-that-died',
                        now() - interval '1 second', now(), now())""")) {
            ps.setString(1, Ids.newId("lnk"));
            ps.setString(2, send.envelopeId());
            ps.setString(3, send.tenantId());
            ps.setString(4, send.commandId());
            ps.setString(5, CallbackTokens.hash(token));
            ps.setString(6, box.seal(token));
            ps.setString(7, ConfigProvider.getConfig().getValue("signport.connector.callback-base-url", String.class));
            ps.setString(8, doc.name());
            ps.setString(9, "{\"doc.0\":\"" + cdoc + "\"}");
            ps.executeUpdate();
        }
        long resumedAt = System.currentTimeMillis();
        publish(send, UUID.randomUUID().toString());
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);
        assertEquals(cenv, accepted.externalId());
        // Polls and probes for other envelopes may interleave; of the send's own operations, exactly these ran.
        List<String> sendOperations = List.of("upload-document", "create-envelope", "list-envelopes", "create-webhook",
                "send-envelope");
        assertEquals(List.of("list-envelopes", "create-webhook", "send-envelope"), vendor().calls().stream()
                .filter(call -> call.atEpochMillis() >= resumedAt && sendOperations.contains(call.operation()))
                .map(VendorHooks.VendorCall::operation).toList());
        assertEquals("SENT", vendor().vendorState(cenv));
    }

    /** The Certyneo simulator's control API. */
    static final class CertyneoHooks extends SimulatorHooks {

        static final String SIGNATURE = "X-Certyneo-Signature";

        CertyneoHooks(String simulatorsUrl) {
            super(simulatorsUrl, "certyneo");
        }

        @Override
        public String createOperation() {
            return "create-envelope";
        }

        @Override
        public String cancelOperation() {
            return "void-envelope";
        }

        @Override
        protected String stateField() {
            return "status";
        }

        @Override
        public String cancelledState() {
            return "VOIDED";
        }

        @Override
        public boolean reportsViews() {
            return true;
        }

        @Override
        public ForgedCallback forgedCallback(String externalId) {
            byte[] body = ("{\"event\":\"envelope.completed\",\"envelope_id\":\"" + externalId + "\",\"data\":{}}")
                    .getBytes(StandardCharsets.UTF_8);
            // An HMAC under a secret that is not the webhook's.
            String signature = "sha256=" + HexFormat.of().formatHex(hmac("cwhsec_forged", body));
            return new ForgedCallback(Map.of(SIGNATURE, signature), body, 401);
        }

        @Override
        public Refusal refusal() {
            return new Refusal(422, "validation_error");
        }

        List<String> webhookUrls() {
            return given().header("Authorization", "Bearer sk_test_sim_certyneo")
                    .get(simulatorUrl() + "/certyneo/api/v1/webhooks").then().statusCode(200).extract().path("data.url");
        }

        private static byte[] hmac(String secret, byte[] body) {
            try {
                javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
                mac.init(new javax.crypto.spec.SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return mac.doFinal(body);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
