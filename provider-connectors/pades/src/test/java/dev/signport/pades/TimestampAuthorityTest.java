package dev.signport.pades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;

import org.bouncycastle.asn1.cmp.PKIFailureInfo;
import org.bouncycastle.asn1.cmp.PKIStatus;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The RFC 3161 authority over real HTTP, spoken to with BouncyCastle requests and java.net.http. */
class TimestampAuthorityTest {

    static LocalPki pki;
    static TimestampAuthority tsa;
    static URI url;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        pki = TestPki.shared();
        tsa = new TimestampAuthority(pki.tsa());
        int port = tsa.start(0);
        url = tsa.url();
        assertTrue(port > 0);
    }

    @AfterAll
    static void stop() {
        tsa.stop();
    }

    @Test
    void grantsASha256TokenThatEchoesTheNonceAndCarriesTheCertificates() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("hello".getBytes());
        BigInteger nonce = new BigInteger(64, new SecureRandom());
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, digest, nonce);

        HttpResponse<byte[]> http = post(request.getEncoded(), TimestampAuthority.QUERY_CONTENT_TYPE);
        assertEquals(200, http.statusCode());
        assertEquals(TimestampAuthority.REPLY_CONTENT_TYPE, http.headers().firstValue("Content-Type").orElse(""));
        TimeStampResponse response = new TimeStampResponse(http.body());
        assertEquals(PKIStatus.GRANTED, response.getStatus());
        response.validate(request);

        TimeStampToken token = response.getTimeStampToken();
        assertEquals(nonce, token.getTimeStampInfo().getNonce());
        assertEquals(TSPAlgorithms.SHA256, token.getTimeStampInfo().getMessageImprintAlgOID());
        assertEquals(TimestampAuthority.POLICY, token.getTimeStampInfo().getPolicy());
        assertEquals(1, token.getTimeStampInfo().getGenTimeAccuracy().getSeconds());
        assertEquals(2, token.getCertificates().getMatches(null).size(), "TSA certificate and CA");
        X509CertificateHolder tsaCert = (X509CertificateHolder) token.getCertificates().getMatches(token.getSID())
                .iterator().next();
        token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsaCert));
        assertNotNull(token.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2),
                "ESSCertIDv2 (RFC 5816)");
    }

    @Test
    void certReqFalseLeavesTheCertificatesOut() throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(false);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, new byte[32], BigInteger.TEN);
        TimeStampResponse response = new TimeStampResponse(post(request.getEncoded(),
                TimestampAuthority.QUERY_CONTENT_TYPE).body());
        assertEquals(PKIStatus.GRANTED, response.getStatus());
        assertTrue(response.getTimeStampToken().getCertificates().getMatches(null).isEmpty());
    }

    @Test
    void serialNumbersAreUnique() {
        TsaClient client = new TsaClient(url, Duration.ofSeconds(5), pki.caCertificate());
        java.util.Set<BigInteger> serials = new java.util.HashSet<>();
        for (int i = 0; i < 20; i++) {
            serials.add(client.timestamp(new byte[32]).getTimeStampInfo().getSerialNumber());
        }
        assertEquals(20, serials.size());
        // A second authority (a restart) does not reuse the first one's serials.
        TimestampAuthority restarted = new TimestampAuthority(pki.tsa());
        BigInteger other = restarted.timestamp(new byte[32]).getTimeStampInfo().getSerialNumber();
        assertTrue(!serials.contains(other));
    }

    @Test
    void garbageGetsARejectionAndTheServerKeepsServing() throws Exception {
        byte[] garbage = new byte[300];
        new SecureRandom().nextBytes(garbage);
        HttpResponse<byte[]> http = post(garbage, TimestampAuthority.QUERY_CONTENT_TYPE);
        assertEquals(200, http.statusCode(), "RFC 3161 carries the rejection in the reply");
        TimeStampResponse response = new TimeStampResponse(http.body());
        assertEquals(PKIStatus.REJECTION, response.getStatus());
        assertEquals(PKIFailureInfo.badDataFormat, response.getFailInfo().intValue());
        assertNull(response.getTimeStampToken());

        HttpResponse<byte[]> empty = post(new byte[0], TimestampAuthority.QUERY_CONTENT_TYPE);
        assertEquals(PKIStatus.REJECTION, new TimeStampResponse(empty.body()).getStatus());

        // Still alive and granting.
        assertNotNull(new TsaClient(url).timestamp(new byte[32]));
    }

    @Test
    void wrongMethodContentTypeSizeOrAlgorithmAreRefused() throws Exception {
        HttpResponse<byte[]> get = HTTP.send(HttpRequest.newBuilder(url).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(405, get.statusCode());
        assertEquals(PKIStatus.REJECTION, new TimeStampResponse(get.body()).getStatus());

        HttpResponse<byte[]> json = post("{}".getBytes(), "application/json");
        assertEquals(415, json.statusCode());
        assertEquals(PKIStatus.REJECTION, new TimeStampResponse(json.body()).getStatus());

        HttpResponse<byte[]> huge = post(new byte[TimestampAuthority.MAX_REQUEST_BYTES + 10],
                TimestampAuthority.QUERY_CONTENT_TYPE);
        assertEquals(413, huge.statusCode());

        TimeStampRequest sha1 = new TimeStampRequestGenerator().generate(TSPAlgorithms.SHA1, new byte[20]);
        TimeStampResponse refused = new TimeStampResponse(post(sha1.getEncoded(),
                TimestampAuthority.QUERY_CONTENT_TYPE).body());
        assertEquals(PKIStatus.REJECTION, refused.getStatus());
        assertEquals(PKIFailureInfo.badAlg, refused.getFailInfo().intValue(), "badAlg only");
    }

    @Test
    void theClientRefusesATsaItDoesNotTrustAndAnUnreachableOne() {
        LocalPki other = LocalPki.generate();
        PadesException untrusted = assertThrows(PadesException.class,
                () -> new TsaClient(url, Duration.ofSeconds(5), other.caCertificate()).timestamp(new byte[32]));
        assertTrue(untrusted.getMessage().contains("not trusted"), untrusted.getMessage());

        TimestampAuthority stopped = new TimestampAuthority(pki.tsa());
        int port = stopped.start(0);
        stopped.stop();
        PadesException down = assertThrows(PadesException.class, () -> new TsaClient(
                URI.create("http://127.0.0.1:" + port + "/"), Duration.ofSeconds(2), null).timestamp(new byte[32]));
        assertTrue(down.getMessage().contains("unreachable"), down.getMessage());
        assertNotEquals(0, port);
    }

    @Test
    void aCertificateWithoutTheTimestampingUsageCannotRunATsa() {
        assertThrows(PadesException.class, () -> new TimestampAuthority(pki.signer()));
    }

    private static HttpResponse<byte[]> post(byte[] body, String contentType) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(url).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
