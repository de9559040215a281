package dev.signport.document.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.document.support.Docs;
import dev.signport.document.support.TestPdfs;
import dev.signport.platform.testing.RawHttp;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.arc.Arc;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The per-tenant cap on uploads in flight (1 here) and the idle timeout that cuts off a sender who
 * stalls (3 s here), seen from raw sockets so that the test controls exactly what is sent.
 */
@QuarkusTest
@TestProfile(UploadConcurrencyTest.OneUploadPerTenant.class)
class UploadConcurrencyTest {

    /** One upload per tenant, and a short idle timeout. */
    public static class OneUploadPerTenant implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("signport.documents.max-concurrent-uploads-per-tenant", "1",
                    "quarkus.http.idle-timeout", "3s");
        }
    }

    private static UploadSlots slots() {
        return Arc.container().instance(UploadSlots.class).get();
    }

    private static void awaitInFlight(TestKeys.TestKey key, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> slots().inFlight(key.tenantId()) == count);
    }

    @Test
    void aSecondConcurrentUploadOfTheSameTenantGets429WithoutItsBodyBeingRead() throws Exception {
        TestKeys.TestKey tenant = TestKeys.create();
        TestKeys.TestKey other = TestKeys.create();
        byte[] small = TestPdfs.pages(1);
        try (HeldUpload held = new HeldUpload(tenant, TestPdfs.sized(1, 200_000))) {
            awaitInFlight(tenant, 1);

            // Headers only, as curl sends them for a large body: the answer comes without 100 Continue.
            String refused = exchange("POST /api/v1/documents?name=second.pdf HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: " + tenant.bearer() + "\r\nContent-Type: application/pdf\r\n"
                    + "Content-Length: 150000\r\nExpect: 100-continue\r\n\r\n");
            assertTrue(refused.startsWith("HTTP/1.1 429"), refused);
            assertFalse(refused.contains("100 Continue"), refused);
            assertTrue(refused.contains("application/problem+json"), refused);
            assertTrue(refused.contains("/rate-limited"), refused);
            assertTrue(refused.toLowerCase().contains("retry-after: 5"), refused);
            assertTrue(refused.toLowerCase().contains("connection: close"), refused);

            // Another tenant is not affected.
            Docs.upload(other, small);

            String finished = held.finish();
            assertTrue(finished.startsWith("HTTP/1.1 201"), finished);
        }
        awaitInFlight(tenant, 0);
        Docs.upload(tenant, small);
    }

    @Test
    void aSenderWhoStallsMidBodyIsCutOffAndItsSlotFreed() throws Exception {
        TestKeys.TestKey tenant = TestKeys.create();
        try (HeldUpload held = new HeldUpload(tenant, TestPdfs.sized(1, 200_000))) {
            awaitInFlight(tenant, 1);
            assertTrue(held.stallUntilClosed(), "the server closed the idle connection");
        }
        awaitInFlight(tenant, 0);
        Docs.awaitEmptySpool();
        Docs.upload(tenant, TestPdfs.pages(1));
    }

    /** One exchange on a fresh connection: what the server answers, until it closes the connection. */
    private static String exchange(String head) throws IOException {
        try (Socket socket = new Socket("localhost", RestAssured.port)) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            return RawHttp.readAll(socket.getInputStream());
        }
    }

    /**
     * A chunked raw-PDF upload whose body trickles in (64 bytes every 200 ms, well within the idle
     * timeout) until the test finishes it or lets it stall.
     */
    private static final class HeldUpload implements AutoCloseable {
        private static final int PIECE = 64;

        private final Socket socket;
        private final OutputStream out;
        private final byte[] pdf;
        private final AtomicBoolean trickling = new AtomicBoolean(true);
        private final ScheduledExecutorService trickler = Executors.newSingleThreadScheduledExecutor();
        private int sent;

        HeldUpload(TestKeys.TestKey key, byte[] pdf) throws IOException {
            this.pdf = pdf;
            this.socket = new Socket("localhost", RestAssured.port);
            socket.setSoTimeout(30_000);
            this.out = socket.getOutputStream();
            out.write(("POST /api/v1/documents?name=held.pdf HTTP/1.1\r\nHost: localhost\r\nAuthorization: "
                    + key.bearer() + "\r\nContent-Type: application/pdf\r\nTransfer-Encoding: chunked\r\n"
                    + "Connection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            // A slow sender: one small chunk every 200 ms until finish() sends the rest.
            this.trickler.scheduleAtFixedRate(() -> {
                if (trickling.get() && sent + PIECE < pdf.length) {
                    chunk(PIECE);
                }
            }, 0, 200, TimeUnit.MILLISECONDS);
        }

        private synchronized void chunk(int length) {
            try {
                out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(pdf, sent, length);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                sent += length;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private void stopTrickling() {
            trickling.set(false);
            trickler.shutdown();
            try {
                trickler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        /** Sends the rest of the PDF and returns the response. */
        String finish() throws IOException {
            stopTrickling();
            chunk(pdf.length - sent);
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return RawHttp.readAll(socket.getInputStream());
        }

        /** Stops sending and reports whether the server then closed the connection (rather than wait forever). */
        boolean stallUntilClosed() throws IOException {
            stopTrickling();
            InputStream in = socket.getInputStream();
            try {
                while (in.read() != -1) {
                    // whatever the server said before closing
                }
                return true;
            } catch (SocketTimeoutException stillOpen) {
                return false;
            } catch (SocketException reset) {
                return true;
            }
        }

        @Override
        public void close() throws IOException {
            trickling.set(false);
            trickler.shutdownNow();
            socket.close();
        }
    }
}
