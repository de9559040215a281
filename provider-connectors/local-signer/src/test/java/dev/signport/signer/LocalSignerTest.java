package dev.signport.signer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.contracts.Topics;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.FieldType;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.contracts.provider.ProviderDeclined;
import dev.signport.contracts.provider.ProviderFailed;
import dev.signport.contracts.provider.ProviderRecipientSigned;
import dev.signport.contracts.provider.ProviderRecipientViewed;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.pades.IndependentChecks;
import dev.signport.platform.testing.KafkaProbe;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The built-in signer end to end over its own HTTP endpoints: commands on Kafka in, mails in a real SMTP server,
 * the signing page's JSON API, provider events out, the signed PDF in document-service checked by EU DSS, pdfsig
 * and PDFBox.
 */
@QuarkusTest
@TestProfile(SignerProfile.class)
class LocalSignerTest {

    static final Path OUTPUT = Path.of("target", "signed");

    KafkaProbe events;

    @BeforeEach
    void open() {
        events = new KafkaProbe(Topics.PROVIDER_EVENTS);
    }

    @AfterEach
    void close() {
        events.close();
    }

    @Test
    void twoSequentialSignersCompleteThroughTheSigningPageWithPadesLtaSignatures() throws Exception {
        Fixture.Person alice = Fixture.person("alice");
        Fixture.Person bob = Fixture.person("bob");
        Fixture.Doc doc = Fixture.upload(Fixture.contract("Employment contract"), "contract.pdf");
        SendEnvelope send = Fixture.command(List.of(doc), List.of(
                Fixture.recipient(alice, 1, List.of(new SendEnvelope.Field(FieldType.SIGNATURE, doc.documentId(), 1,
                        72.0, 560.0, 180.0, 50.0, null)), null, null),
                Fixture.recipient(bob, 2, List.of(new SendEnvelope.Field(FieldType.SIGNATURE, doc.documentId(), null,
                        null, null, null, null, "{{employer}}")), null, null)),
                SigningOrder.SEQUENTIAL, List.of("https://crm.example.com"));
        Fixture.publish(send);
        ProviderAccepted accepted = Fixture.awaitEvent(events, send.envelopeId(), ProviderAccepted.class);
        assertEquals(2, accepted.signUrls().size());

        // Alice is invited by mail; Bob only after she signed.
        String aliceLink = Fixture.linkFromMail(alice.email());
        assertTrue(Fixture.mails(bob.email()).isEmpty(), "Bob is not invited before Alice signed");
        String bobEarly = accepted.signUrls().stream().filter(u -> u.recipientId().equals(bob.recipientId()))
                .findFirst().orElseThrow().url();
        given().get(bobEarly + "/api/session").then().statusCode(200).body("yourTurn", equalTo(false));
        given().contentType("application/json").body(Map.of("consent", true, "signature",
                Map.of("type", "typed", "text", "Bob Tester"))).post(bobEarly + "/api/sign")
                .then().statusCode(409).contentType("application/problem+json");

        // The page: served with the tenant's embedding origins, no stack traces, the document renders.
        given().get(aliceLink).then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors https://crm.example.com"));
        given().header("User-Agent", "AliceBrowser/1.0").get(aliceLink + "/api/session").then().statusCode(200)
                .body("signer", equalTo(alice.name())).body("yourTurn", equalTo(true))
                .body("documents[0].pages", equalTo(1)).body("fields[0].page", equalTo(1));
        Fixture.awaitEvent(events, send.envelopeId(), ProviderRecipientViewed.class);
        byte[] png = given().get(aliceLink + "/api/documents/0/pages/1").then().statusCode(200)
                .contentType("image/png").extract().asByteArray();
        assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G');

        given().contentType("application/json").body(Map.of("consent", false, "signature",
                Map.of("type", "typed", "text", "Alice"))).post(aliceLink + "/api/sign")
                .then().statusCode(422).body("title", equalTo("consent required"));
        given().contentType("application/json").header("User-Agent", "AliceBrowser/1.0")
                .body(Map.of("consent", true, "signature", Map.of("type", "typed", "text", "Alice Tester")))
                .post(aliceLink + "/api/sign").then().statusCode(200).body("status", equalTo("SIGNED"))
                .body("envelopeStatus", equalTo("IN_PROGRESS"));
        ProviderRecipientSigned aliceSigned = Fixture.awaitEvent(events, send.envelopeId(),
                ProviderRecipientSigned.class);
        assertNotNull(aliceSigned.evidence(), "the signature carries its evidence");
        assertEquals("AliceBrowser/1.0", aliceSigned.evidence().userAgent());
        assertEquals("LINK", aliceSigned.evidence().authMethod());
        assertNotNull(aliceSigned.evidence().consentText());
        assertEquals(doc.asCommand().sha256(), aliceSigned.evidence().documents().get(0).sha256Before());

        // The link was single-use.
        given().contentType("application/json").body(Map.of("consent", true, "signature",
                Map.of("type", "typed", "text", "Alice again"))).post(aliceLink + "/api/sign")
                .then().statusCode(410).contentType("application/problem+json").body("detail", not(containsString("Exception")));

        // Bob's invitation arrives now; he draws his signature.
        String bobLink = Fixture.linkFromMail(bob.email());
        given().get(bobLink + "/api/session").then().statusCode(200).body("yourTurn", equalTo(true));
        String drawn = "data:image/png;base64," + Base64.getEncoder().encodeToString(signaturePng());
        given().contentType("application/json").body(Map.of("consent", true, "signature",
                Map.of("type", "drawn", "image", drawn))).post(bobLink + "/api/sign")
                .then().statusCode(200).body("envelopeStatus", equalTo("COMPLETED"));

        ProviderCompleted completed = Fixture.awaitEvent(events, send.envelopeId(), ProviderCompleted.class);
        byte[] signed = Fixture.download(completed.signedDocumentId());
        Files.createDirectories(OUTPUT);
        Files.write(OUTPUT.resolve("two-sequential-signers-LTA.pdf"), signed);

        // PDFBox: two signatures and a document timestamp, each intact and covering its whole revision.
        IndependentChecks.assertAllIntact(signed, 3);
        // pdfsig (poppler): every signature valid.
        String pdfsig = IndependentChecks.pdfsig(signed, OUTPUT, "pdfsig-input.pdf");
        if (pdfsig != null) {
            // Both signers' signatures valid; pdfsig 22.12 cannot check an RFC 3161 document timestamp (DSS does, below).
            assertEquals(2, pdfsig.split("Signature is Valid\\.", -1).length - 1, pdfsig);
            assertTrue(pdfsig.contains("Signport-DocumentTimestamp"), pdfsig);
        } else {
            assertFalse("true".equals(System.getenv("CI")), "pdfsig must be installed in CI (poppler-utils)");
        }
        // EU DSS trusting the local CA: the completed document is B-LTA…
        Reports lta = IndependentChecks.dss(signed, SignerTestResources.pki.caCertificate());
        SimpleReport simple = lta.getSimpleReport();
        assertEquals(2, simple.getSignatureIdList().size());
        for (String id : simple.getSignatureIdList()) {
            assertEquals(SignatureLevel.PAdES_BASELINE_LTA, simple.getSignatureFormat(id), id);
            assertTrue(lta.getDiagnosticData().getSignatureById(id).isSignatureIntact(), id);
        }
        // …and each signer's signature, before the archive revisions, is B-T.
        List<IndependentChecks.Revision> revisions = IndependentChecks.pdfbox(signed);
        int bobEnd = revisions.get(1).byteRange()[2] + revisions.get(1).byteRange()[3];
        byte[] beforeArchive = java.util.Arrays.copyOf(signed, bobEnd);
        Reports bt = IndependentChecks.dss(beforeArchive, SignerTestResources.pki.caCertificate());
        for (String id : bt.getSimpleReport().getSignatureIdList()) {
            assertEquals(SignatureLevel.PAdES_BASELINE_T, bt.getSimpleReport().getSignatureFormat(id), id);
        }

        Fixture.awaitMail(alice.email(), "Completed");
        Fixture.awaitMail(bob.email(), "Completed");
    }

    @Test
    void emailCodeAndAccessCodeAreRequiredWrongCodesAreCountedAndTheLinkLocks() {
        Fixture.Person carol = Fixture.person("carol");
        Fixture.Person dave = Fixture.person("dave");
        Fixture.Doc doc = Fixture.upload(Fixture.contract("NDA"), "nda.pdf");
        SendEnvelope send = Fixture.command(List.of(doc), List.of(
                Fixture.recipient(carol, 1, List.of(), new SendEnvelope.Authentication(
                        SendEnvelope.Authentication.Method.EMAIL_OTP, null), null),
                Fixture.recipient(dave, 1, List.of(), new SendEnvelope.Authentication(
                        SendEnvelope.Authentication.Method.ACCESS_CODE, pbkdf2("4711-secret")), null)),
                SigningOrder.PARALLEL, List.of());
        Fixture.publish(send);
        Fixture.awaitEvent(events, send.envelopeId(), ProviderAccepted.class);

        String carolLink = Fixture.linkFromMail(carol.email());
        given().get(carolLink + "/api/session").then().statusCode(200).body("authentication", equalTo("email_otp"))
                .body("authenticated", equalTo(false)).body("documents.size()", equalTo(0));
        given().get(carolLink + "/api/documents/0/pages/1").then().statusCode(401);
        given().contentType("application/json").body(Map.of("consent", true, "signature",
                Map.of("type", "typed", "text", "Carol"))).post(carolLink + "/api/sign").then().statusCode(401);
        given().post(carolLink + "/api/otp").then().statusCode(200).body("channel", equalTo("email"));
        String code = Fixture.body(Fixture.awaitMail(carol.email(), "Your signing code")).replaceAll("(?s).*is (\\d{6}).*", "$1");
        given().contentType("application/json").body(Map.of("code", "000000".equals(code) ? "111111" : "000000"))
                .post(carolLink + "/api/verify").then().statusCode(422).body("detail", containsString("4 attempt"));
        String grant = given().contentType("application/json").body(Map.of("code", code))
                .post(carolLink + "/api/verify").then().statusCode(200).extract().path("grant");
        given().header("X-Signing-Grant", grant).contentType("application/json").body(Map.of("consent", true,
                "signature", Map.of("type", "typed", "text", "Carol Tester"))).post(carolLink + "/api/sign")
                .then().statusCode(200);
        ProviderRecipientSigned carolSigned = Fixture.awaitEvent(events, send.envelopeId(),
                ProviderRecipientSigned.class);
        assertEquals("EMAIL_OTP", carolSigned.evidence().authMethod());

        // Dave's access code: five wrong tries lock the link for good.
        String daveLink = Fixture.linkFromMail(dave.email());
        for (int i = 4; i >= 0; i--) {
            given().contentType("application/json").body(Map.of("code", "wrong-" + i)).post(daveLink + "/api/verify")
                    .then().statusCode(422).body("detail", containsString(i == 0 ? "no attempts left" : i + " attempt"));
        }
        given().contentType("application/json").body(Map.of("code", "4711-secret")).post(daveLink + "/api/verify")
                .then().statusCode(423).contentType("application/problem+json");
    }

    @Test
    void anSmsCodeGoesThroughTheGatewayAndADeclineEndsTheEnvelope() throws Exception {
        Fixture.Person erin = Fixture.person("erin");
        Fixture.Doc doc = Fixture.upload(Fixture.contract("Lease"), "lease.pdf");
        SendEnvelope send = Fixture.command(List.of(doc), List.of(Fixture.recipient(erin, 1, List.of(),
                new SendEnvelope.Authentication(SendEnvelope.Authentication.Method.SMS_OTP, null), "+41791234567")),
                SigningOrder.PARALLEL, List.of());
        Fixture.publish(send);
        Fixture.awaitEvent(events, send.envelopeId(), ProviderAccepted.class);
        String link = Fixture.linkFromMail(erin.email());
        given().post(link + "/api/otp").then().statusCode(200).body("channel", equalTo("sms"));
        String[] code = new String[1];
        await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (var files = Files.list(SignerTestResources.smsOutbox)) {
                for (Path f : files.filter(p -> p.getFileName().toString().endsWith("41791234567.txt")).toList()) {
                    code[0] = Files.readString(f).replaceAll("(?s).*code is (\\d{6}).*", "$1");
                }
            }
            return code[0] != null;
        });
        String grant = given().contentType("application/json").body(Map.of("code", code[0]))
                .post(link + "/api/verify").then().statusCode(200).extract().path("grant");
        given().header("X-Signing-Grant", grant).contentType("application/json").body(Map.of("reason", ""))
                .post(link + "/api/decline").then().statusCode(422);
        given().header("X-Signing-Grant", grant).contentType("application/json")
                .body(Map.of("reason", "The rent is wrong")).post(link + "/api/decline").then().statusCode(200);
        ProviderDeclined declined = Fixture.awaitEvent(events, send.envelopeId(), ProviderDeclined.class);
        assertEquals("The rent is wrong", declined.reason());
    }

    @Test
    void aCompressionBombIsRefusedAtSendWithAClearReason() {
        Fixture.Doc bomb = Fixture.upload(Bombs.pdf(), "bomb.pdf");
        SendEnvelope send = Fixture.command(List.of(bomb), List.of(Fixture.recipient(Fixture.person("frank"), 1,
                List.of(), null, null)), SigningOrder.PARALLEL, List.of());
        Fixture.publish(send);
        ProviderFailed failed = Fixture.awaitEvent(events, send.envelopeId(), ProviderFailed.class);
        assertFalse(failed.retryable());
        assertTrue(failed.reason().contains("compression bomb"), failed.reason());
    }

    @Test
    void aBadLinkGetsAClearAnswerNeverAStackTrace() {
        String base = SignerTestResources.signerUrl + "/sign/local/";
        given().get(base + "not-a-token/api/session").then().statusCode(404)
                .contentType("application/problem+json").body("title", equalTo("this link is not valid"));
        given().get(base + "A".repeat(43) + "/api/session").then().statusCode(404);
        given().get(base + "A".repeat(43)).then().statusCode(200).contentType(containsString("text/html"))
                .header("Content-Security-Policy", containsString("frame-ancestors 'none'"));
        given().contentType("application/json").body("{not json").post(base + "A".repeat(43) + "/api/sign")
                .then().statusCode(400).body(not(containsString("Exception")));
    }

    static String pbkdf2(String code) {
        try {
            byte[] salt = new byte[16];
            new java.security.SecureRandom().nextBytes(salt);
            javax.crypto.spec.PBEKeySpec spec = new javax.crypto.spec.PBEKeySpec(code.toCharArray(), salt, 1000, 256);
            byte[] hash = javax.crypto.SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec)
                    .getEncoded();
            return "pbkdf2-sha256$1000$" + Base64.getEncoder().encodeToString(salt) + "$"
                    + Base64.getEncoder().encodeToString(hash);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] signaturePng() throws Exception {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(300, 100,
                java.awt.image.BufferedImage.TYPE_INT_ARGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.BLUE);
        g.setStroke(new java.awt.BasicStroke(3));
        g.drawLine(10, 80, 100, 20);
        g.drawLine(100, 20, 160, 80);
        g.drawLine(160, 80, 290, 30);
        g.dispose();
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(img, "png", out);
        return out.toByteArray();
    }
}
