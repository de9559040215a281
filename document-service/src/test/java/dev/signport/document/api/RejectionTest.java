package dev.signport.document.api;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.contracts.Topics;
import dev.signport.document.support.Docs;
import dev.signport.document.support.TestPdfs;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/**
 * Every way an upload is refused, in every form: the right status and problem type, and nothing
 * left behind (no row, no chunk, no spool file, no event).
 */
@QuarkusTest
class RejectionTest {

    /** The three forms, as functions of (key, bytes). */
    private static final java.util.List<BiFunction<TestKeys.TestKey, byte[], Response>> FORMS = java.util.List.of(
            (k, b) -> Docs.multipart(k, "x.pdf", b),
            (k, b) -> Docs.raw(k, "x.pdf", b),
            (k, b) -> Docs.json(k, "x.pdf", b));

    private static void assertRejected(byte[] body, int status, String type) {
        TestKeys.TestKey key = TestKeys.create();
        for (BiFunction<TestKeys.TestKey, byte[], Response> form : FORMS) {
            form.apply(key, body).then().statusCode(status)
                    .contentType("application/problem+json")
                    .body("type", endsWith("/" + type))
                    .body("status", equalTo(status));
        }
        assertNothingStored(key);
    }

    private static void assertNothingStored(TestKeys.TestKey key) {
        assertEquals(0, Docs.documentsOf(key.tenantId()), "no document row");
        assertEquals(0, Docs.count("select count(*) from document_chunk c where not exists"
                + " (select 1 from document d where d.id = c.document_id)"), "no orphan chunk");
        assertEquals(0, Docs.count("select count(*) from outbox where tenant_id = ?", key.tenantId()), "no event");
        Docs.awaitEmptySpool();
    }

    @Test
    void emptyIs400() {
        assertRejected(new byte[0], 400, "malformed-request");
    }

    @Test
    void notAPdfIs415() {
        assertRejected(TestPdfs.notPdf(), 415, "unsupported-media-type");
    }

    @Test
    void encryptedOrPasswordProtectedIs422() {
        assertRejected(TestPdfs.passwordProtected(), 422, "unprocessable-content");
        assertRejected(TestPdfs.permissionsOnly(), 422, "unprocessable-content");
    }

    @Test
    void corruptOrTruncatedIs422() {
        assertRejected(TestPdfs.corrupt(), 422, "unprocessable-content");
        assertRejected(TestPdfs.truncated(), 422, "unprocessable-content");
    }

    @Test
    void overTheLimitIs413InEveryForm() {
        // The test profile limits PDFs to 2 MiB.
        assertRejected(TestPdfs.sized(1, 2 * 1024 * 1024 + 10_000), 413, "payload-too-large");
    }

    @Test
    void justUnderTheLimitIsAccepted() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.sized(1, 2 * 1024 * 1024 - 20_000);
        assertTrue(pdf.length <= 2 * 1024 * 1024);
        for (BiFunction<TestKeys.TestKey, byte[], Response> form : FORMS) {
            form.apply(key, pdf).then().statusCode(201);
        }
    }

    @Test
    void malformedBodiesAre400() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.pages(1);
        Docs.as(key).multiPart("document", "x.pdf", pdf, "application/pdf").post(Docs.PATH).then().statusCode(400)
                .body("type", endsWith("/validation-failed")).body("errors[0].field", equalTo("file"));
        Docs.as(key).contentType("application/json").body("{\"name\":\"x.pdf\"}").post(Docs.PATH).then()
                .statusCode(400).body("errors[0].field", equalTo("contentBase64"));
        Docs.as(key).contentType("application/json").body("{\"contentBase64\":\"%%%not base64%%%\"}")
                .post(Docs.PATH).then().statusCode(400).body("errors[0].field", equalTo("contentBase64"));
        Docs.as(key).contentType("application/json").body("{\"contentBase64\": 42}").post(Docs.PATH).then()
                .statusCode(400).body("errors[0].field", equalTo("contentBase64"));
        Docs.as(key).contentType("application/json").body("{\"contentBase64\": \"JVBER").post(Docs.PATH).then()
                .statusCode(400).body("type", endsWith("/validation-failed"));
        Docs.as(key).contentType("application/json").body("[1,2]").post(Docs.PATH).then()
                .statusCode(400).body("type", endsWith("/malformed-request"));
        Docs.as(key).contentType("application/pdf").queryParam("name", "x".repeat(300)).body(pdf).post(Docs.PATH)
                .then().statusCode(400).body("errors[0].field", equalTo("name"));
        Docs.as(key).contentType("text/plain").body("hello").post(Docs.PATH).then().statusCode(415)
                .contentType("application/problem+json");
        assertNothingStored(key);
    }

    @Test
    void unreadableContentTypesAre400() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        for (String type : new String[] {"???", "multipart/form-data", "multipart/form-data; boundary=xyz"}) {
            String response = exchange("POST /api/v1/documents HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + key.bearer() + "\r\nContent-Type: " + type + "\r\nContent-Length: 7\r\n"
                    + "Connection: close\r\n\r\n", "garbage".getBytes(StandardCharsets.US_ASCII), false);
            assertTrue(response.startsWith("HTTP/1.1 400"), type + " -> " + response);
            assertTrue(response.contains("malformed-request"), response);
        }
        assertNothingStored(key);
    }

    @Test
    void unauthenticatedUploadIs401() {
        io.restassured.RestAssured.given().contentType("application/pdf").body(TestPdfs.pages(1)).post(Docs.PATH)
                .then().statusCode(401).contentType("application/problem+json");
    }

    /** Raw HTTP so that the test controls exactly what is sent and sees whether the server keeps reading. */
    private static String exchange(String head, byte[] body, boolean concurrentBody) throws Exception {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(20_000);
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
                try {
                    if (body != null) {
                        for (int off = 0; off < body.length; off += 16 * 1024) {
                            out.write(body, off, Math.min(16 * 1024, body.length - off));
                            out.flush();
                        }
                    }
                } catch (Exception expected) {
                    // the server stopped reading and closed the connection: that is the point
                }
            });
            if (!concurrentBody) {
                writer.get(20, TimeUnit.SECONDS);
            }
            return dev.signport.platform.testing.RawHttp.readAll(socket.getInputStream());
        }
    }

    @Test
    void declaredLengthOverTheLimitIsRefusedBeforeTheBodyAndTheConnectionClosed() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        try (KafkaProbe ignored = new KafkaProbe(Topics.DOCUMENT_EVENTS)) {
            String head = "POST /api/v1/documents?name=huge.pdf HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + key.bearer() + "\r\nContent-Type: application/pdf\r\n"
                    + "Content-Length: 104857600\r\nExpect: 100-continue\r\n\r\n";
            long start = System.nanoTime();
            // No body at all: the answer must come without the server waiting for 100 MB.
            String response = exchange(head, null, false);
            assertTrue(response.startsWith("HTTP/1.1 413"), response);
            assertTrue(!response.contains("100 Continue"), "no 100 Continue for a refused upload: " + response);
            assertTrue(response.contains("application/problem+json"), response);
            assertTrue(response.contains("payload-too-large"), response);
            assertTrue(response.toLowerCase().contains("connection: close"), response);
            // read() returned -1: the server closed the connection instead of waiting for the body.
            assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        }
        assertNothingStored(key);
    }

    @Test
    void chunkedUploadOverTheLimitIsCutOffWhileStreaming() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.sized(1, 3 * 1024 * 1024);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int off = 0; off < pdf.length; off += 32 * 1024) {
            int len = Math.min(32 * 1024, pdf.length - off);
            chunked.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(pdf, off, len);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = "POST /api/v1/documents?name=chunked.pdf HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + key.bearer() + "\r\nContent-Type: application/pdf\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n";
        String response = exchange(head, chunked.toByteArray(), true);
        assertTrue(response.startsWith("HTTP/1.1 413"), response);
        assertTrue(response.contains("payload-too-large"), response);
        assertNothingStored(key);
    }

    @Test
    void chunkedUploadUnderTheLimitIsStored() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.sized(2, 200_000);
        ByteArrayOutputStream chunked = new ByteArrayOutputStream();
        for (int off = 0; off < pdf.length; off += 50_000) {
            int len = Math.min(50_000, pdf.length - off);
            chunked.writeBytes((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            chunked.write(pdf, off, len);
            chunked.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        chunked.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String head = "POST /api/v1/documents?name=chunked.pdf HTTP/1.1\r\nHost: localhost\r\n"
                + "Authorization: " + key.bearer() + "\r\nContent-Type: application/pdf\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        String response = exchange(head, chunked.toByteArray(), false);
        assertTrue(response.startsWith("HTTP/1.1 201"), response);
        assertEquals(1, Docs.documentsOf(key.tenantId()));
        Docs.as(key).get(Docs.PATH).then().body("data[0].sizeBytes", equalTo(pdf.length))
                .body("data[0].name", containsString("chunked"));
    }

    @Test
    void hostilePdfsAre422AndTheServiceKeepsAnswering() {
        // Each made an unguarded PDFBox fill the heap, overflow the stack or loop (see TestPdfs).
        assertRejected(TestPdfs.xrefStreamBomb(3_000_000), 422, "unprocessable-content");
        assertRejected(TestPdfs.zeroWidthXrefBomb(), 422, "unprocessable-content");
        assertRejected(TestPdfs.objectStreamBomb(), 422, "unprocessable-content");
        assertRejected(TestPdfs.deeplyNestedArrays(100_000), 422, "unprocessable-content");
        assertRejected(TestPdfs.deeplyNestedDictionaries(100_000), 422, "unprocessable-content");
        assertRejected(TestPdfs.cyclicPageTree(), 422, "unprocessable-content");
        assertRejected(TestPdfs.repeatedKids(100_000), 422, "unprocessable-content");
        assertRejected(TestPdfs.deepPageTree(30_000), 422, "unprocessable-content");
        TestKeys.TestKey key = TestKeys.create();
        Docs.upload(key, TestPdfs.pages(2));
    }

    @Test
    void aPdfTooSlowToAnalyseIs422AtTheTimeLimit() {
        // The test profile allows a parse 5 s; unbounded, this one takes tens of seconds.
        TestKeys.TestKey key = TestKeys.create();
        Docs.raw(key, "slow.pdf", TestPdfs.slowObjectStream(50_000, 900)).then().statusCode(422)
                .contentType("application/problem+json")
                .body("type", endsWith("/unprocessable-content"))
                .body("detail", containsString("too long"));
        assertNothingStored(key);
        Docs.upload(key, TestPdfs.pages(1));
    }
}
