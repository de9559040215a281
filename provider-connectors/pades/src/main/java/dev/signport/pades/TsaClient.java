package dev.signport.pades;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;


import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Fetches RFC 3161 tokens from a timestamp authority over HTTP (java.net.http). Each request carries a fresh random
 * nonce and certReq, and the reply is checked against it (status granted, same imprint, same nonce). With a trust
 * anchor the token's signature and its TSA certificate (critical id-kp-timeStamping, issued by the anchor) are
 * verified too, so a wrong or spoofed TSA fails here rather than in a validator months later.
 */
public final class TsaClient implements TimestampSource {

    /** Replies are a few kilobytes; a bound keeps a misbehaving server from filling the heap. */
    private static final int MAX_REPLY_BYTES = 256 * 1024;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final URI url;
    private final Duration timeout;
    private final X509Certificate trustAnchor;
    private final HttpClient http;
    /** Largest token seen from this TSA, to size the next reservation from reality rather than a guess. */
    private volatile int largestToken;

    /**
     * @param url         the TSA endpoint
     * @param timeout     connect and whole-request timeout
     * @param trustAnchor the CA that must have issued the TSA certificate, or null to skip that check
     */
    public TsaClient(URI url, Duration timeout, X509Certificate trustAnchor) {
        this.url = url;
        this.timeout = timeout;
        this.trustAnchor = trustAnchor;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    public TsaClient(URI url) {
        this(url, Duration.ofSeconds(10), null);
    }

    public URI url() {
        return url;
    }

    @Override
    public TimeStampToken timestamp(byte[] sha256) {
        if (sha256 == null || sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes");
        }
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(64, RANDOM));
        byte[] reply;
        try {
            HttpRequest post = HttpRequest.newBuilder(url)
                    .timeout(timeout)
                    .header("Content-Type", TimestampAuthority.QUERY_CONTENT_TYPE)
                    .header("Accept", TimestampAuthority.REPLY_CONTENT_TYPE)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded()))
                    .build();
            HttpResponse<InputStream> response = http.send(post, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = response.body()) {
                reply = body.readNBytes(MAX_REPLY_BYTES + 1);
            }
            if (response.statusCode() != 200) {
                throw new PadesException("timestamp authority " + url + " answered HTTP " + response.statusCode());
            }
            if (reply.length > MAX_REPLY_BYTES) {
                throw new PadesException("timestamp authority " + url + " sent an oversized reply");
            }
        } catch (IOException e) {
            throw new PadesException("timestamp authority " + url + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PadesException("interrupted while waiting for the timestamp authority", e);
        }
        return check(request, reply);
    }

    private TimeStampToken check(TimeStampRequest request, byte[] reply) {
        try {
            TimeStampResponse response = new TimeStampResponse(reply);
            if (response.getTimeStampToken() == null) {
                throw new PadesException("timestamp authority " + url + " refused the request: status "
                        + response.getStatus() + (response.getStatusString() == null ? ""
                                : " (" + response.getStatusString() + ")"));
            }
            // Imprint, nonce, certReq and policy must match what we asked.
            response.validate(request);
            TimeStampToken token = response.getTimeStampToken();
            if (trustAnchor != null) {
                verify(token);
            }
            largestToken = Math.max(largestToken, token.getEncoded().length);
            return token;
        } catch (TSPException | IOException e) {
            throw new PadesException("invalid reply from timestamp authority " + url + ": " + e.getMessage(), e);
        }
    }

    private void verify(TimeStampToken token) throws TSPException {
        @SuppressWarnings("unchecked")
        Collection<X509CertificateHolder> matches = token.getCertificates().getMatches(token.getSID());
        if (matches.isEmpty()) {
            throw new TSPException("the token does not carry the TSA certificate");
        }
        try {
            X509CertificateHolder holder = matches.iterator().next();
            X509Certificate tsaCert = new JcaX509CertificateConverter().getCertificate(holder);
            tsaCert.verify(trustAnchor.getPublicKey());
            tsaCert.checkValidity(token.getTimeStampInfo().getGenTime());
            // Checks the signature, the ESS signing certificate binding and the critical timeStamping EKU.
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(holder));
        } catch (java.security.GeneralSecurityException | org.bouncycastle.operator.OperatorCreationException e) {
            throw new TSPException("the TSA certificate is not trusted: " + e.getMessage(), e);
        }
    }

    @Override
    public int estimatedTokenBytes() {
        int seen = largestToken;
        // Tokens vary a little (serial, nonce, accuracy): a seen size plus 2 KB is safe.
        return seen == 0 ? TimestampSource.super.estimatedTokenBytes() : seen + 2048;
    }

    @Override
    public String toString() {
        return "TsaClient[" + url + "]";
    }

}
