package dev.signport.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.util.Date;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * An RFC 3161 timestamp authority for the local stack and the tests, on BouncyCastle's TSP classes, with an
 * embeddable HTTP endpoint (RFC 3161 §3.4): {@code POST} an {@code application/timestamp-query}, get an
 * {@code application/timestamp-reply}. Tokens are SHA-256 signed with the {@link LocalPki#tsa()} key, echo the
 * request's nonce, carry the TSA certificates when the request sets certReq, state an accuracy of one second and have
 * unique serial numbers. Anything malformed gets a rejection reply, never an exception on the server thread.
 *
 * <p>Not for production: there is no trusted clock, audit log or HSM behind it.
 */
public final class TimestampAuthority implements TimestampSource, AutoCloseable {

    /**
     * The TSA policy. An OID under 2.25 (ITU-T X.667: derived from a UUID) needs no registration and cannot collide
     * with a real policy; this one is fixed so tokens from restarts carry the same policy.
     */
    public static final ASN1ObjectIdentifier POLICY =
            new ASN1ObjectIdentifier("2.25." + new BigInteger(
                    UUID.fromString("4b0c6f2e-7a51-4d0e-9a57-51c7f2d0a1e3").toString().replace("-", ""), 16));

    public static final String QUERY_CONTENT_TYPE = "application/timestamp-query";
    public static final String REPLY_CONTENT_TYPE = "application/timestamp-reply";

    /** A timestamp query is ~100 bytes (more with extensions); anything much larger is not one. */
    static final int MAX_REQUEST_BYTES = 16 * 1024;

    private static final System.Logger LOG = System.getLogger(TimestampAuthority.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();
    /** SHA-1 is refused: a collision-prone imprint would let two documents share one token. */
    private static final Set<ASN1ObjectIdentifier> ACCEPTED_DIGESTS = Set.of(TSPAlgorithms.SHA256,
            TSPAlgorithms.SHA384, TSPAlgorithms.SHA512);

    private final SigningCredential credential;
    /** Holds a stateful JCA Signature: used under its own lock. */
    private final TimeStampTokenGenerator tokenGenerator;
    /**
     * Serial = start time in microseconds (high bits) and a counter (low 32 bits): unique within a run, and across
     * restarts unless two starts fall in the same microsecond — no state on disk needed.
     */
    private final BigInteger serialBase;
    private final AtomicLong counter = new AtomicLong();
    private HttpServer server;
    private ExecutorService executor;

    public TimestampAuthority(SigningCredential credential) {
        this.credential = credential;
        try {
            DigestCalculator certIdDigest = new JcaDigestCalculatorProviderBuilder().build()
                    .get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
            // With a SHA-256 cert-ID digest BC writes signing-certificate-v2 (ESSCertIDv2), as RFC 5816 asks.
            tokenGenerator = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build(credential.sha256SignatureAlgorithm(),
                            credential.privateKey(), credential.certificate()),
                    certIdDigest, POLICY);
            tokenGenerator.setAccuracySeconds(1);
            tokenGenerator.setResolution(TimeStampTokenGenerator.R_MILLISECONDS);
            tokenGenerator.setTSA(new GeneralName(
                    X500Name.getInstance(credential.certificate().getSubjectX500Principal().getEncoded())));
            // Only sent when the request sets certReq (BC checks the flag).
            tokenGenerator.addCertificates(new JcaCertStore(credential.chain()));
        } catch (OperatorCreationException | TSPException | java.security.cert.CertificateEncodingException e) {
            throw new PadesException("cannot set up the timestamp authority: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // BC refuses a certificate without the critical id-kp-timeStamping extended key usage.
            throw new PadesException("the certificate cannot be used by a timestamp authority: " + e.getMessage(), e);
        }
        java.time.Instant started = java.time.Instant.now();
        serialBase = BigInteger.valueOf(started.getEpochSecond() * 1_000_000 + started.getNano() / 1_000)
                .shiftLeft(32);
    }

    /**
     * Answers one DER-encoded TimeStampReq with a DER-encoded TimeStampResp: granted, or a rejection with the
     * RFC 3161 failure info (badDataFormat, badAlg, unacceptedPolicy, unacceptedExtension). Never throws for bad
     * input.
     */
    public byte[] respond(byte[] requestDer) {
        try {
            TimeStampRequest request;
            try {
                request = new TimeStampRequest(requestDer);
            } catch (IOException | RuntimeException e) {
                return rejection(PKIFailureInfo.badDataFormat, "not a DER-encoded TimeStampReq");
            }
            // BC's generate validates algorithm, policy and extensions against what we accept, then signs.
            TimeStampResponse response;
            synchronized (tokenGenerator) {
                // A response generator keeps per-response state (status, accumulated failure bits): one per request.
                response = new TimeStampResponseGenerator(tokenGenerator, ACCEPTED_DIGESTS)
                        .generate(request, nextSerial(), new Date());
            }
            return response.getEncoded();
        } catch (TSPException | IOException | RuntimeException e) {
            // Also a bad request that slipped past parsing (e.g. a truncated imprint): reject it, do not crash.
            LOG.log(Level.DEBUG, "timestamp request rejected: {0}", e.toString());
            return rejection(PKIFailureInfo.badRequest, "request rejected");
        }
    }

    /** In-process timestamping (same token as over HTTP), for a signer running next to the TSA. */
    @Override
    public TimeStampToken timestamp(byte[] sha256) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(63, RANDOM));
        try {
            TimeStampResponse response = new TimeStampResponse(respond(request.getEncoded()));
            response.validate(request);
            if (response.getTimeStampToken() == null) {
                throw new PadesException("timestamp refused: " + response.getStatusString());
            }
            return response.getTimeStampToken();
        } catch (TSPException | IOException e) {
            throw new PadesException("timestamping failed: " + e.getMessage(), e);
        }
    }

    /** Exact enough: our own chain plus the signature and the TSTInfo, with a margin for the encoding. */
    @Override
    public int estimatedTokenBytes() {
        int certs = 0;
        for (java.security.cert.X509Certificate c : credential.chain()) {
            try {
                certs += c.getEncoded().length;
            } catch (java.security.cert.CertificateEncodingException e) {
                return TimestampSource.super.estimatedTokenBytes();
            }
        }
        return certs + 3 * 1024;
    }

    /** Starts the HTTP endpoint on the loopback interface; port 0 picks a free port. Returns the bound port. */
    public int start(int port) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    }

    /**
     * Starts the HTTP endpoint on the given address (e.g. {@code 0.0.0.0} inside a container). Requests are served
     * by two daemon threads; a timestamp takes a few milliseconds, so two suffice for a sandbox.
     */
    public synchronized int start(InetSocketAddress address) {
        if (server != null) {
            throw new IllegalStateException("already started on port " + server.getAddress().getPort());
        }
        try {
            HttpServer http = HttpServer.create(address, 16);
            AtomicInteger threads = new AtomicInteger();
            executor = Executors.newFixedThreadPool(2, r -> {
                Thread t = new Thread(r, "signport-tsa-" + threads.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            http.setExecutor(executor);
            http.createContext("/", this::handle);
            http.start();
            server = http;
            LOG.log(Level.INFO, "Timestamp authority listening on {0}", url());
            return http.getAddress().getPort();
        } catch (IOException e) {
            if (executor != null) {
                executor.shutdownNow();
                executor = null;
            }
            throw new PadesException("cannot start the timestamp authority on " + address + ": " + e.getMessage(), e);
        }
    }

    /** The endpoint's URL, once started. */
    public synchronized URI url() {
        if (server == null) {
            throw new IllegalStateException("not started");
        }
        InetSocketAddress a = server.getAddress();
        String host = a.getAddress().isAnyLocalAddress() ? "127.0.0.1" : a.getAddress().getHostAddress();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + a.getPort() + "/");
    }

    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            executor = null;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.getResponseHeaders().set("Allow", "POST");
                reply(exchange, 405, rejection(PKIFailureInfo.badRequest, "use POST"));
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).split(";")[0].trim()
                    .equals(QUERY_CONTENT_TYPE)) {
                reply(exchange, 415, rejection(PKIFailureInfo.badRequest,
                        "Content-Type must be " + QUERY_CONTENT_TYPE));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (body.length > MAX_REQUEST_BYTES) {
                reply(exchange, 413, rejection(PKIFailureInfo.badDataFormat, "request too large"));
                return;
            }
            // RFC 3161 reports rejections inside a 200 reply: the status is in the TimeStampResp.
            reply(exchange, 200, respond(body));
        } catch (IOException | RuntimeException e) {
            // The client went away or sent garbage framing: nothing useful to answer, keep the server alive.
            LOG.log(Level.DEBUG, "timestamp exchange failed: {0}", e.toString());
        }
    }

    private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", REPLY_CONTENT_TYPE);
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private byte[] rejection(int failInfo, String text) {
        try {
            return new TimeStampResponseGenerator(tokenGenerator, ACCEPTED_DIGESTS)
                    .generateFailResponse(PKIStatus.REJECTION, failInfo, text).getEncoded();
        } catch (TSPException | IOException e) {
            throw new IllegalStateException("cannot encode a rejection", e);
        }
    }

    private BigInteger nextSerial() {
        return serialBase.add(BigInteger.valueOf(counter.incrementAndGet() & 0xffffffffL));
    }

    @Override
    public String toString() {
        return "TimestampAuthority[" + credential + "]";
    }
}
