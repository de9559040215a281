package dev.signport.envelope.api;

import dev.signport.contracts.envelope.EnvelopeStatus;
import dev.signport.envelope.audit.AuditTrailPdf;
import dev.signport.envelope.store.AuditEntry;
import dev.signport.envelope.store.AuditRepository;
import dev.signport.envelope.store.Envelope;
import dev.signport.envelope.store.EnvelopeRepository;
import dev.signport.envelope.store.KnownDocument;
import dev.signport.envelope.store.KnownDocumentRepository;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.auth.PublicApi;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import jakarta.annotation.PreDestroy;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestMulti;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The PDFs of an envelope: the signed document (streamed from document-service) and the audit trail. */
@Path(EnvelopeResource.PATH + "/{id}")
@PublicApi
@Tag(name = "Envelopes")
public class EnvelopeArtifactsResource {

    private final EnvelopeRepository envelopes;
    private final AuditRepository audit;
    private final KnownDocumentRepository documents;
    private final CurrentCaller caller;
    private final HttpClient http;
    private final URI documentService;
    private final String serviceToken;

    public EnvelopeArtifactsResource(EnvelopeRepository envelopes, AuditRepository audit,
            KnownDocumentRepository documents, CurrentCaller caller, Vertx vertx,
            @ConfigProperty(name = "signport.document-service.url") URI documentService,
            @ConfigProperty(name = "signport.internal.service-token") String serviceToken) {
        this.envelopes = envelopes;
        this.audit = audit;
        this.documents = documents;
        this.caller = caller;
        this.documentService = documentService;
        this.serviceToken = serviceToken;
        this.http = vertx.createHttpClient(new HttpClientOptions().setConnectTimeout(5000).setIdleTimeout(60));
    }

    @PreDestroy
    void close() {
        http.close();
    }

    @GET
    @Path("/signed-document")
    @Produces("application/pdf")
    @Operation(summary = "The signed PDF, once the envelope is COMPLETED (409 before)")
    public RestMulti<Buffer> signedDocument(@PathParam("id") String id) {
        String tenant = caller.tenantId();
        Uni<HttpClientResponse> upstream = Panache.withSession(() -> envelopes.getForTenant(tenant, id))
                .chain(e -> {
                    if (e.deletedAt != null) {
                        throw ProblemException.notFound("Envelope", id);
                    }
                    if (e.status != EnvelopeStatus.COMPLETED || e.signedDocumentId == null) {
                        throw ProblemException.conflict("Envelope " + id + " is " + e.status
                                + "; the signed document exists once it is COMPLETED");
                    }
                    return fetch(e.signedDocumentId);
                });
        return RestMulti.fromUniResponse(upstream,
                r -> io.vertx.mutiny.core.http.HttpClientResponse.newInstance(r).toMulti(),
                r -> headers(r, id),
                r -> 200);
    }

    /** Opens document-service's internal content route; the body is streamed to the client as it arrives. */
    private Uni<HttpClientResponse> fetch(String documentId) {
        RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET)
                .setAbsoluteURI(documentService.resolve("/internal/documents/" + documentId + "/content").toString())
                .putHeader("Authorization", "Bearer " + serviceToken);
        return Uni.createFrom().completionStage(() -> http.request(options)
                        .compose(req -> req.send())
                        .toCompletionStage())
                .onFailure().transform(e -> new ProblemException(ProblemType.UNAVAILABLE,
                        "The document store is not reachable; retry shortly", List.of(), 5))
                .invoke(r -> {
                    if (r.statusCode() != 200) {
                        r.pause();
                        throw new ProblemException(ProblemType.UNAVAILABLE,
                                "The document store answered " + r.statusCode() + "; retry shortly", List.of(), 5);
                    }
                });
    }

    private static Map<String, List<String>> headers(HttpClientResponse r, String id) {
        Map<String, List<String>> h = new java.util.HashMap<>();
        h.put("Content-Disposition", List.of("attachment; filename=\"" + id + "-signed.pdf\""));
        String length = r.getHeader("Content-Length");
        if (length != null) {
            h.put("Content-Length", List.of(length));
        }
        String etag = r.getHeader("ETag");
        if (etag != null) {
            h.put("ETag", List.of(etag));
        }
        return h;
    }

    @GET
    @Path("/audit-trail")
    @Produces("application/pdf")
    @Operation(summary = "The audit trail as PDF: every event with time, actor, IP and user agent where known, and "
            + "each document's SHA-256 before and after signing")
    public Uni<Response> auditTrail(@PathParam("id") String id) {
        String tenant = caller.tenantId();
        return Panache.withSession(() -> envelopes.getForTenant(tenant, id).chain(e -> {
                    if (e.deletedAt != null) {
                        throw ProblemException.notFound("Envelope", id);
                    }
                    List<String> ids = new ArrayList<>(e.documentIds);
                    if (e.signedDocumentId != null) {
                        ids.add(e.signedDocumentId);
                    }
                    return audit.of(e.id).chain(entries -> KnownDocument.<KnownDocument>list("id in ?1", ids)
                            .map(docs -> trail(e, entries, docs.stream()
                                    .collect(Collectors.toMap(d -> d.id, d -> d)))));
                }))
                // PDFBox is blocking CPU work: off the event loop.
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map(AuditTrailPdf::render)
                .map(pdf -> Response.ok(pdf, "application/pdf")
                        .header("Content-Disposition", "attachment; filename=\"" + id + "-audit-trail.pdf\"")
                        .build());
    }

    private static AuditTrailPdf.Trail trail(Envelope e, List<AuditEntry> entries, Map<String, KnownDocument> docs) {
        KnownDocument signed = e.signedDocumentId == null ? null : docs.get(e.signedDocumentId);
        List<AuditTrailPdf.Doc> documents = e.documentIds.stream().map(id -> {
            KnownDocument d = docs.get(id);
            return new AuditTrailPdf.Doc(id, d == null ? id : d.name, d == null ? 0 : d.pages,
                    d == null ? 0 : d.sizeBytes, d == null ? null : d.sha256, e.signedDocumentId,
                    signed == null ? null : signed.sha256);
        }).toList();
        List<AuditTrailPdf.Party> parties = e.recipients.stream().map(r -> new AuditTrailPdf.Party(r.id(), r.name(),
                r.email(), r.role().name(), r.order(), r.status().name())).toList();
        List<AuditTrailPdf.Entry> lines = entries.stream().map(a -> new AuditTrailPdf.Entry(a.at, a.event, a.actor,
                a.ip, a.userAgent, a.detail)).toList();
        return new AuditTrailPdf.Trail(e.id, e.tenantId, e.subject, e.status.name(),
                e.provider == null ? e.requestedProvider : e.provider, e.mode.name(), e.createdAt, e.completedAt,
                documents, parties, lines, Instant.now());
    }
}
