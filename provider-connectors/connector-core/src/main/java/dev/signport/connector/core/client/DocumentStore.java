package dev.signport.connector.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signport.connector.core.config.ConnectorConfig;
import dev.signport.connector.core.resilience.VendorErrors;
import dev.signport.connector.core.spi.VendorException;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.platform.util.Hashing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.smallrye.faulttolerance.api.TypedGuard;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.util.TypeLiteral;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads a send command's PDFs from document-service and stores signed PDFs there, over its
 * {@code /internal/documents} routes with the service token. Reads are checked against the command's
 * SHA-256; stores carry an {@code Idempotency-Key} so that a repeated completion (a redelivered callback,
 * a poll racing a callback, a crash before commit) yields the same document. Transient failures
 * (network, 5xx, 409 idempotency-in-progress) are retried with exponential backoff.
 */
@ApplicationScoped
public class DocumentStore {

    private static final TypeLiteral<Uni<Object>> UNI = new TypeLiteral<>() {};

    private final DocumentServiceApi api;
    private final String authorization;
    private final ObjectMapper mapper;
    private final TypedGuard<Uni<Object>> guard;
    private final Timer fetches;

    public DocumentStore(ObjectMapper mapper, ConnectorConfig config, MeterRegistry registry,
            @ConfigProperty(name = "signport.internal.service-token") String serviceToken) {
        this.fetches = Timer.builder("signport.connector.documents.fetch")
                .description("Reading a command's PDF from document-service, retries included")
                .publishPercentiles(0.5, 0.99).register(registry);
        String url = config.documentService().url();
        Duration timeout = config.documentService().timeout();
        this.mapper = mapper;
        this.authorization = "Bearer " + serviceToken;
        this.api = QuarkusRestClientBuilder.newBuilder().baseUri(URI.create(url))
                .connectTimeout(5, TimeUnit.SECONDS).readTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .disableDefaultMapper(true).build(DocumentServiceApi.class);
        this.guard = TypedGuard.create(UNI)
                .withRetry().maxRetries(4).delay(200, ChronoUnit.MILLIS).jitter(100, ChronoUnit.MILLIS)
                    .withExponentialBackoff().maxDelay(5, ChronoUnit.SECONDS).done()
                    .whenException(e -> VendorErrors.isRetryable(e)
                            || e instanceof VendorException v && v.status() == 409)
                    .done()
                .withThreadOffload(false)
                .build();
    }

    /** The bytes of {@code document}, checked against its SHA-256. */
    public Uni<byte[]> fetch(SendEnvelope.Document document) {
        long start = System.nanoTime();
        return guarded(() -> api.content(document.documentId(), authorization)
                        .map(r -> VendorResponses.expect2xx("document-content", r, this::problem).readEntity(byte[].class)))
                .onFailure().transform(e -> e instanceof VendorException v && !v.retryable()
                        ? new DocumentUnavailable("Document " + document.documentId() + " cannot be read from "
                                + "document-service: HTTP " + v.status(), false, e)
                        : new DocumentUnavailable("document-service did not deliver document " + document.documentId()
                                + ": " + e.getMessage(), true, e))
                .map(bytes -> {
                    if (!Hashing.sha256Hex(bytes).equals(document.sha256())) {
                        throw new DocumentUnavailable("Document " + document.documentId()
                                + " does not match the SHA-256 of the command", false, null);
                    }
                    return bytes;
                })
                .onTermination().invoke(() -> fetches.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
    }

    /** Stores a signed PDF for the envelope; returns its document id ({@code doc_…}). */
    public Uni<String> storeSigned(String tenantId, String envelopeId, String name, byte[] pdf, String idempotencyKey) {
        return guarded(() -> api.store(tenantId, envelopeId, "SIGNED", name, idempotencyKey, authorization, pdf)
                .map(r -> {
                    String body = VendorResponses.expect2xx("document-store", r, this::problem).readEntity(String.class);
                    try {
                        JsonNode json = mapper.readTree(body);
                        return json.path("id").asText();
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("document-service answered an unreadable body", e);
                    }
                }));
    }

    @SuppressWarnings("unchecked")
    private <T> Uni<T> guarded(Supplier<Uni<T>> call) {
        Context context = Vertx.currentContext();
        Uni<T> u = (Uni<T>) (Uni<?>) guard.get(() -> (Uni<Object>) (Uni<?>) call.get());
        return context == null ? u : u.emitOn(r -> context.runOnContext(v -> r.run()));
    }

    private VendorResponses.VendorError problem(String body) {
        try {
            JsonNode json = mapper.readTree(body);
            return new VendorResponses.VendorError(json.path("type").asText(null), json.path("detail").asText(null));
        } catch (java.io.IOException e) {
            return new VendorResponses.VendorError(null, body);
        }
    }
}
