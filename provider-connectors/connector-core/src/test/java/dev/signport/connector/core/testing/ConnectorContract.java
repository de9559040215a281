package dev.signport.connector.core.testing;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.connector.core.domain.ActiveProvider;
import dev.signport.connector.core.domain.CallbackTokens;
import dev.signport.connector.core.domain.SecretBox;
import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.cloudevents.EventSources;
import dev.signport.contracts.envelope.FailureCode;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.CancelEnvelope;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCancelled;
import dev.signport.contracts.provider.ProviderCommand;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.contracts.provider.ProviderDeclined;
import dev.signport.contracts.provider.ProviderEvent;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.ProviderRecipientDeclined;
import dev.signport.contracts.provider.ProviderRecipientSigned;
import dev.signport.contracts.provider.ProviderRecipientViewed;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKafka;
import dev.signport.platform.testing.TestKeys;
import dev.signport.platform.util.Hashing;
import io.agroal.api.AgroalDataSource;
import io.quarkus.arc.Arc;
import io.restassured.response.Response;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every connector adapter must show, written once. An adapter's test extends it, is a
 * {@code @QuarkusTest} with a profile selecting its provider and starting {@link ConnectorTestResources},
 * and supplies {@link #vendor()}. Commands go to the real command topic as envelope-service's outbox relay
 * writes them (CloudEvents binary mode); answers are read from {@code signport.provider-events.v1}; the
 * vendor is acted on and inspected through its sandbox. Every test uses its own tenant, envelope,
 * documents and recipients; call-log assertions only count calls that arrived after the test started.
 */
public abstract class ConnectorContract {

    protected static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static TestKeys.TestKey documentKey;

    protected KafkaProbe events;
    protected long startedAt;

    /** The vendor's sandbox. */
    protected abstract VendorHooks vendor();

    /** A document uploaded to document-service, as a send command names it. */
    protected record Doc(String documentId, String name, byte[] bytes) {

        SendEnvelope.Document asCommand() {
            return new SendEnvelope.Document(documentId, name, Hashing.sha256Hex(bytes), bytes.length, 1);
        }
    }

    /** A recipient of a test envelope. */
    protected record Person(String recipientId, String email, String name) {}

    @BeforeEach
    void openProbe() {
        vendor().clearFaults();
        events = new KafkaProbe(Topics.PROVIDER_EVENTS);
        startedAt = System.currentTimeMillis();
    }

    @AfterEach
    void closeProbe() {
        vendor().clearFaults();
        events.close();
    }

    // ---- the contract

    @Test
    void happyPathEndsWithTheSignedPdfInDocumentService() {
        Doc doc = upload("happy path");
        Person alice = person("alice");
        SendEnvelope send = send(List.of(doc), List.of(alice), SigningOrder.PARALLEL);

        ConsumerRecord<String, String> acceptedRecord = awaitRecord(send.envelopeId(), ProviderAccepted.TYPE);
        ProviderAccepted accepted = parse(acceptedRecord, ProviderAccepted.class);
        assertEquals(send.commandId(), accepted.commandId());
        assertEquals(vendor().provider(), accepted.provider());
        assertEquals(send.tenantId(), accepted.tenantId());
        assertEquals(send.envelopeId(), acceptedRecord.key());
        assertEquals(EventSources.connector(vendor().provider()), KafkaProbe.header(acceptedRecord, CloudEventHeaders.CE_SOURCE));
        assertEquals(send.tenantId(), KafkaProbe.header(acceptedRecord, CloudEventHeaders.CE_TENANTID));
        assertEquals(1, accepted.signUrls().size());
        assertEquals(alice.recipientId(), accepted.signUrls().get(0).recipientId());
        assertTrue(accepted.signUrls().get(0).url().startsWith("http"), accepted.signUrls().get(0).url());

        if (vendor().reportsViews()) {
            vendor().view(accepted.externalId(), alice.email());
            assertEquals(alice.recipientId(), awaitEvent(send.envelopeId(), ProviderRecipientViewed.class).recipientId());
        }
        vendor().sign(accepted.externalId(), alice.email());
        assertEquals(alice.recipientId(), awaitEvent(send.envelopeId(), ProviderRecipientSigned.class).recipientId());
        ProviderCompleted completed = awaitEvent(send.envelopeId(), ProviderCompleted.class);
        assertEquals(accepted.externalId(), completed.externalId());

        JsonNode stored = internal().get("/internal/documents/" + completed.signedDocumentId()).then().statusCode(200)
                .extract().as(JsonNode.class);
        assertEquals("SIGNED", stored.path("kind").asText());
        assertEquals(send.envelopeId(), stored.path("envelopeId").asText());
        assertEquals(send.tenantId(), stored.path("tenantId").asText());
        byte[] signed = internal().get("/internal/documents/" + completed.signedDocumentId() + "/content").then()
                .statusCode(200).extract().asByteArray();
        assertEquals("%PDF-", new String(signed, 0, 5, java.nio.charset.StandardCharsets.US_ASCII));
        assertNotEquals(Hashing.sha256Hex(doc.bytes()), Hashing.sha256Hex(signed), "the vendor's signed bytes are stored");
    }

    @Test
    void cancelVoidsTheEnvelopeAtTheVendor() {
        SendEnvelope send = send(List.of(upload("cancel")), List.of(person("carol")), SigningOrder.PARALLEL);
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);

        CancelEnvelope cancel = cancel(send, accepted.externalId());
        ProviderCancelled cancelled = awaitEvent(send.envelopeId(), ProviderCancelled.class);
        assertEquals(cancel.commandId(), cancelled.commandId());
        assertEquals(accepted.externalId(), cancelled.externalId());
        assertEquals(vendor().cancelledState(), vendor().vendorState(accepted.externalId()));
        assertEquals(1, callsSinceStart(vendor().cancelOperation()).size());
    }

    @Test
    void aDeclineEndsTheEnvelope() {
        Person dave = person("dave");
        SendEnvelope send = send(List.of(upload("decline")), List.of(dave), SigningOrder.PARALLEL);
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);

        vendor().decline(accepted.externalId(), dave.email(), "Salary is wrong");
        assertEquals(dave.recipientId(), awaitEvent(send.envelopeId(), ProviderRecipientDeclined.class).recipientId());
        ProviderDeclined declined = awaitEvent(send.envelopeId(), ProviderDeclined.class);
        assertEquals(dave.recipientId(), declined.recipientId());
        assertNotNull(declined.reason());
    }

    @Test
    void multipleSignersSignInTurnAndOnlyTheLastCompletes() {
        Assumptions.assumeTrue(activeProvider().get().features().multiSigner(), vendor().provider() + " has one signer");
        Person erin = person("erin");
        Person frank = person("frank");
        SendEnvelope send = send(List.of(upload("two signers")), List.of(erin, frank), SigningOrder.SEQUENTIAL);
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);
        assertFalse(accepted.signUrls().isEmpty());
        assertEquals(erin.recipientId(), accepted.signUrls().get(0).recipientId());

        vendor().sign(accepted.externalId(), erin.email());
        awaitRecord(send.envelopeId(), ProviderRecipientSigned.TYPE, r -> r.value().contains(erin.recipientId()));
        vendor().sign(accepted.externalId(), frank.email());
        awaitRecord(send.envelopeId(), ProviderCompleted.TYPE);

        List<String> types = typesOf(send.envelopeId());
        assertEquals(List.of(ProviderAccepted.TYPE, ProviderRecipientSigned.TYPE, ProviderRecipientSigned.TYPE,
                ProviderCompleted.TYPE), types.stream().filter(t -> !t.equals(ProviderRecipientViewed.TYPE)).toList());
    }

    @Test
    void aRedeliveredSendCommandCreatesOneVendorEnvelope() {
        SendEnvelope send = sendCommand(List.of(upload("duplicate")), List.of(person("gina")), SigningOrder.PARALLEL);
        String ceId = UUID.randomUUID().toString();
        publish(send, ceId);
        publish(send, ceId); // the relay republishing after a crash
        publish(send, UUID.randomUUID().toString()); // the same command under another event id
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);
        // Commands of one envelope share a partition: once this one is answered, the duplicates were handled.
        cancel(send, accepted.externalId());
        awaitRecord(send.envelopeId(), ProviderCancelled.TYPE);

        assertEquals(1, typesOf(send.envelopeId()).stream().filter(ProviderAccepted.TYPE::equals).count());
        assertEquals(1, callsSinceStart(vendor().createOperation()).size(), () -> "vendor calls: " + vendor().calls());
    }

    @Test
    void forgedAndUnknownCallbacksChangeNothing() {
        String provider = vendor().provider();
        String unknown = Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
        Response r = given().contentType("application/json").body("{\"state\":\"signed\"}")
                .post("/callbacks/" + provider + "/" + unknown);
        assertEquals(404, r.statusCode());
        assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
        given().body("{}").contentType("application/json").post("/callbacks/" + provider + "/short").then().statusCode(404);
        given().body("{}").contentType("application/json").post("/callbacks/nosuchvendor/" + unknown).then().statusCode(404);

        Person hank = person("hank");
        SendEnvelope send = send(List.of(upload("forged")), List.of(hank), SigningOrder.PARALLEL);
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);
        String stateBefore = vendor().vendorState(accepted.externalId());
        VendorHooks.ForgedCallback forged = vendor().forgedCallback(accepted.externalId());
        var request = given().body(forged.body()).contentType("application/json");
        for (Map.Entry<String, String> h : forged.headers().entrySet()) {
            request = request.header(h.getKey(), h.getValue());
        }
        request.post(callbackUrl(send.envelopeId())).then().statusCode(forged.expectedStatus());
        assertEquals(stateBefore, vendor().vendorState(accepted.externalId()));

        // Nothing was published for it: the next event of the envelope is the answer to a cancel.
        cancel(send, accepted.externalId());
        awaitRecord(send.envelopeId(), ProviderCancelled.TYPE);
        assertEquals(List.of(ProviderAccepted.TYPE, ProviderCancelled.TYPE), typesOf(send.envelopeId()));
    }

    @Test
    void aDroppedCallbackIsMadeUpForByPolling() {
        Person ivan = person("ivan");
        SendEnvelope send = send(List.of(upload("dropped callback")), List.of(ivan), SigningOrder.PARALLEL);
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);
        vendor().dropCallbacks();

        vendor().sign(accepted.externalId(), ivan.email());
        ProviderCompleted completed = awaitEvent(send.envelopeId(), ProviderCompleted.class);
        assertNotNull(completed.signedDocumentId());
    }

    @Test
    void a429RetryAfterIsHonouredBeforeTheNextCall() {
        int retryAfter = 2;
        vendor().failWithStatus(vendor().createOperation(), 429, retryAfter, 1);
        SendEnvelope send = send(List.of(upload("throttled")), List.of(person("judy")), SigningOrder.PARALLEL);
        awaitEvent(send.envelopeId(), ProviderAccepted.class);

        List<VendorHooks.VendorCall> creates = callsSinceStart(vendor().createOperation());
        assertEquals(429, creates.get(0).status(), () -> "creates: " + creates);
        assertEquals(2, creates.size(), () -> "creates: " + creates);
        long gap = creates.get(1).atEpochMillis() - creates.get(0).atEpochMillis();
        assertTrue(gap >= retryAfter * 1000L, "the retry came " + gap + " ms after a 429 with Retry-After: " + retryAfter);
    }

    @Test
    void a5xxIsRetriedUntilItSucceeds() {
        vendor().failWithStatus(vendor().createOperation(), 503, null, 2);
        SendEnvelope send = send(List.of(upload("flaky")), List.of(person("kim")), SigningOrder.PARALLEL);
        awaitEvent(send.envelopeId(), ProviderAccepted.class);

        List<Integer> statuses = callsSinceStart(vendor().createOperation()).stream().map(VendorHooks.VendorCall::status).toList();
        assertEquals(3, statuses.size(), () -> "statuses: " + statuses);
        assertEquals(List.of(503, 503), statuses.subList(0, 2));
        assertTrue(statuses.get(2) < 300, () -> "statuses: " + statuses);
    }

    @Test
    void aTimeoutIsRetried() {
        // Longer than the test profile's 3 s timeout per attempt.
        vendor().delay(vendor().createOperation(), 6_000, 1);
        SendEnvelope send = send(List.of(upload("slow")), List.of(person("liam")), SigningOrder.PARALLEL);
        ProviderAccepted accepted = awaitEvent(send.envelopeId(), ProviderAccepted.class);
        assertNotNull(accepted.externalId());
        // The timed-out call is logged by the vendor when it finally answers, after our retry.
        await().atMost(Duration.ofSeconds(15)).until(() -> callsSinceStart(vendor().createOperation()).size() >= 2);
    }

    @Test
    void theBreakerOpensUnderSustainedFailureAndRecovers() {
        try (KafkaProbe capabilities = new KafkaProbe(Topics.PROVIDER_CAPABILITIES)) {
            vendor().failWithStatus("*", 503, null, -1);
            for (int i = 0; i < 3; i++) {
                SendEnvelope send = send(List.of(upload("outage " + i)), List.of(person("mia")), SigningOrder.PARALLEL);
                ProviderFailed failed = awaitEvent(send.envelopeId(), ProviderFailed.class);
                assertTrue(failed.retryable(), failed.reason());
                assertEquals(FailureCode.PROVIDER_UNAVAILABLE, failed.code());
            }
            ConsumerRecord<String, String> down = capabilities.awaitRecord(r -> vendor().provider().equals(r.key())
                    && !json(r).path("available").asBoolean(true)).stream()
                    .filter(r -> vendor().provider().equals(r.key()) && !json(r).path("available").asBoolean(true))
                    .findFirst().orElseThrow();
            assertNotNull(json(down).path("unavailableReason").asText(null));
            assertEquals(CloudEventHeaders.SPEC_VERSION, KafkaProbe.header(down, CloudEventHeaders.CE_SPECVERSION));

            vendor().clearFaults();
            capabilities.awaitRecord(r -> vendor().provider().equals(r.key()) && r.offset() > down.offset()
                    && json(r).path("available").asBoolean(false));
        }
        SendEnvelope send = send(List.of(upload("recovered")), List.of(person("noah")), SigningOrder.PARALLEL);
        awaitEvent(send.envelopeId(), ProviderAccepted.class);
    }

    @Test
    void aRefusalIsNotRetriedAndCarriesTheVendorsMessage() {
        VendorHooks.Refusal refusal = vendor().refusal();
        vendor().failWithStatus(vendor().createOperation(), refusal.status(), null, 1);
        SendEnvelope send = send(List.of(upload("refused")), List.of(person("olga")), SigningOrder.PARALLEL);
        ProviderFailed failed = awaitEvent(send.envelopeId(), ProviderFailed.class);
        assertFalse(failed.retryable());
        assertEquals(FailureCode.PROVIDER_REJECTED, failed.code());
        assertEquals(refusal.vendorCode(), failed.vendorCode());
        assertTrue(failed.reason().contains("Injected fault"), failed.reason()); // the simulator's own message
        assertEquals(send.commandId(), failed.commandId());
        assertEquals(1, callsSinceStart(vendor().createOperation()).size());
    }

    // ---- helpers for the tests above and an adapter's own tests

    protected ActiveProvider activeProvider() {
        return Arc.container().instance(ActiveProvider.class).get();
    }

    protected Person person(String first) {
        String unique = Long.toString(System.nanoTime(), 36) + SEQUENCE.incrementAndGet();
        return new Person(Ids.newId("rcp"), first + "." + unique + "@example.com", first + " Tester");
    }

    /** Uploads a one-page PDF to document-service (as a tenant would, with an API key). */
    protected Doc upload(String text) {
        String unique = text + " " + UUID.randomUUID();
        return upload(TestPdfs.withText(unique), text.replace(' ', '-') + "-" + SEQUENCE.incrementAndGet() + ".pdf");
    }

    protected Doc upload(byte[] pdf, String name) {
        TestKeys.TestKey key = documentKey();
        String[] id = new String[1];
        // The new key reaches document-service through its own replica of the key topic.
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Response r = given().baseUri(documentServiceUrl()).header("Authorization", key.bearer())
                    .contentType("application/pdf").queryParam("name", name).body(pdf).post("/api/v1/documents");
            if (r.statusCode() == 401) {
                return false;
            }
            assertEquals(201, r.statusCode(), r.asString());
            id[0] = r.path("id");
            return true;
        });
        return new Doc(id[0], name, pdf);
    }

    private static synchronized TestKeys.TestKey documentKey() {
        if (documentKey == null) {
            documentKey = TestKeys.create();
        }
        return documentKey;
    }

    protected SendEnvelope sendCommand(List<Doc> docs, List<Person> signers, SigningOrder order) {
        List<SendEnvelope.Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < signers.size(); i++) {
            Person p = signers.get(i);
            recipients.add(new SendEnvelope.Recipient(p.recipientId(), p.email(), p.name(), RecipientRole.SIGNER,
                    order == SigningOrder.SEQUENTIAL ? i + 1 : 1, null, List.of()));
        }
        return new SendEnvelope("cmd_" + UUID.randomUUID(), Ids.newId("env"), Ids.newId("ten"), Mode.TEST,
                Instant.now(), "Contract test " + vendor().provider(), "Please sign", "en",
                docs.stream().map(Doc::asCommand).toList(), recipients, order, SignatureLevel.SES, null, null);
    }

    protected SendEnvelope send(List<Doc> docs, List<Person> signers, SigningOrder order) {
        SendEnvelope send = sendCommand(docs, signers, order);
        publish(send, UUID.randomUUID().toString());
        return send;
    }

    protected CancelEnvelope cancel(SendEnvelope send, String externalId) {
        CancelEnvelope cancel = new CancelEnvelope("cmd_" + UUID.randomUUID(), send.envelopeId(), send.tenantId(),
                Mode.TEST, Instant.now(), externalId, "Cancelled by the contract test");
        publish(cancel, UUID.randomUUID().toString());
        return cancel;
    }

    /** On the provider's command topic, with the CloudEvents headers envelope-service's outbox relay writes. */
    protected void publish(ProviderCommand command, String ceId) {
        Map<String, String> headers = new HashMap<>();
        headers.put(CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION);
        headers.put(CloudEventHeaders.CE_ID, ceId);
        headers.put(CloudEventHeaders.CE_SOURCE, EventSources.ENVELOPE_SERVICE);
        headers.put(CloudEventHeaders.CE_TYPE, command.type());
        headers.put(CloudEventHeaders.CE_TIME, DateTimeFormatter.ISO_INSTANT.format(command.issuedAt()));
        headers.put(CloudEventHeaders.CE_SUBJECT, command.envelopeId());
        headers.put(CloudEventHeaders.CE_PARTITIONKEY, command.envelopeId());
        headers.put(CloudEventHeaders.CE_TENANTID, command.tenantId());
        headers.put(CloudEventHeaders.CE_SEQUENCE, CloudEventHeaders.formatSequence(SEQUENCE.incrementAndGet()));
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        try {
            TestKafka.send(Topics.providerCommands(vendor().provider()), command.envelopeId(),
                    MAPPER.writeValueAsString(command), headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected <E extends ProviderEvent> E awaitEvent(String envelopeId, Class<E> type) {
        String ceType = typeOf(type);
        return parse(awaitRecord(envelopeId, ceType), type);
    }

    protected ConsumerRecord<String, String> awaitRecord(String envelopeId, String ceType) {
        return awaitRecord(envelopeId, ceType, r -> true);
    }

    protected ConsumerRecord<String, String> awaitRecord(String envelopeId, String ceType,
            java.util.function.Predicate<ConsumerRecord<String, String>> also) {
        java.util.function.Predicate<ConsumerRecord<String, String>> match = r -> envelopeId.equals(r.key())
                && ceType.equals(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE)) && also.test(r);
        return events.awaitRecord(match).stream().filter(match).findFirst().orElseThrow();
    }

    /** The types of the envelope's events seen so far, in order. */
    protected List<String> typesOf(String envelopeId) {
        return events.poll().stream().filter(r -> envelopeId.equals(r.key()))
                .map(r -> KafkaProbe.header(r, CloudEventHeaders.CE_TYPE)).toList();
    }

    protected <E extends ProviderEvent> E parse(ConsumerRecord<String, String> record, Class<E> type) {
        try {
            return type.cast(MAPPER.readValue(record.value(), ProviderEvent.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static JsonNode json(ConsumerRecord<String, String> record) {
        try {
            return MAPPER.readTree(record.value());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String typeOf(Class<? extends ProviderEvent> type) {
        try {
            return (String) type.getField("TYPE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type + " has no TYPE", e);
        }
    }

    protected List<VendorHooks.VendorCall> callsSinceStart(String operation) {
        return vendor().calls().stream().filter(c -> c.atEpochMillis() >= startedAt && operation.equals(c.operation()))
                .toList();
    }

    /** The envelope's callback URL as the connector gave it to the vendor (read from its own table). */
    protected String callbackUrl(String envelopeId) {
        AgroalDataSource ds = Arc.container().instance(AgroalDataSource.class).get();
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select callback_token_sealed, callback_base_url from envelope_link where provider = ? and envelope_id = ?")) {
            ps.setString(1, vendor().provider());
            ps.setString(2, envelopeId);
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next(), "no envelope_link for " + envelopeId);
                String token = Arc.container().instance(SecretBox.class).get().open(rs.getString(1));
                return CallbackTokens.url(rs.getString(2), vendor().provider(), token);
            }
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    protected static io.restassured.specification.RequestSpecification internal() {
        return given().baseUri(documentServiceUrl()).header("Authorization", "Bearer " + ConnectorTestResources.SERVICE_TOKEN);
    }

    protected static String documentServiceUrl() {
        return ConfigProvider.getConfig().getValue("signport.test.document-service.url", String.class);
    }

    protected static String simulatorsUrl() {
        return ConfigProvider.getConfig().getValue("signport.test.simulators.url", String.class);
    }

    protected static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        RANDOM.nextBytes(b);
        return b;
    }

}
