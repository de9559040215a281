package dev.signport.simulators;

import static io.restassured.RestAssured.given;

import dev.signport.simulators.common.Pdfs;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeEach;

/** Shared helpers; every test starts from a reset sandbox so tests never depend on each other. */
abstract class SimTestSupport {

    static final String CERTYNEO_KEY = "sk_test_sim_certyneo";
    static final String OKDOKUMENT_KEY = "okd_sim_key";
    static final byte[] PDF = Pdfs.textPage(List.of("Contract to sign"));

    @BeforeEach
    void resetSandbox() {
        given().post("/_control/reset").then().statusCode(204);
    }

    static RequestSpecification certyneo() {
        return given().header("Authorization", "Bearer " + CERTYNEO_KEY);
    }

    static RequestSpecification okdokument() {
        return given().header("x-api-key", OKDOKUMENT_KEY);
    }

    static String uploadPdf() {
        return certyneo().multiPart("file", "contract.pdf", PDF, "application/pdf")
                .post("/certyneo/api/v1/documents")
                .then().statusCode(201).extract().path("id");
    }

    static String createEnvelope(String signingOrder, String... emails) {
        String docId = uploadPdf();
        List<Map<String, String>> recipients = java.util.Arrays.stream(emails)
                .map(e -> Map.of("email", e, "name", "Signer " + e, "role", "SIGNER")).toList();
        return certyneo().contentType(ContentType.JSON)
                .body(Map.of("subject", "Contract", "documentIds", List.of(docId), "recipients", recipients,
                        "signingOrder", signingOrder))
                .post("/certyneo/api/v1/envelopes")
                .then().statusCode(201).extract().path("id");
    }

    static String sentEnvelope(String signingOrder, String... emails) {
        String id = createEnvelope(signingOrder, emails);
        certyneo().post("/certyneo/api/v1/envelopes/" + id + "/send").then().statusCode(200);
        return id;
    }

    static String registerWebhook(CallbackReceiver receiver, String... events) {
        return certyneo().contentType(ContentType.JSON)
                .body(Map.of("url", receiver.url("/hooks/certyneo"), "events", List.of(events)))
                .post("/certyneo/api/v1/webhooks")
                .then().statusCode(201).extract().path("secret");
    }

    static void controlSign(String envelopeId, String email) {
        given().post("/_control/certyneo/envelopes/" + envelopeId + "/recipients/" + email + "/sign")
                .then().statusCode(200);
    }

    static String hmacHex(String secret, byte[] body) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body));
    }

    static String base64Pdf() {
        return java.util.Base64.getEncoder().encodeToString(PDF);
    }

    static Map<String, Object> okdokumentRequest(String sendInfoUrl) {
        return Map.of("resulturl", "https://app.example.com/result",
                "filedata", Map.of("content", base64Pdf(), "filename", "contract.pdf"),
                "sendInfoURL", sendInfoUrl);
    }

    static String createSignatureRequest(String sendInfoUrl) {
        return okdokument().contentType(ContentType.JSON).body(okdokumentRequest(sendInfoUrl))
                .post("/okdokument/JSON/signatureRequest")
                .then().statusCode(200).extract().path("signatureRequestId");
    }
}
