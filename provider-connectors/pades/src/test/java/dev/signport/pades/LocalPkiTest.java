package dev.signport.pades;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPkiTest {

    @TempDir
    Path dir;

    @Test
    void loadOrCreateGeneratesOnceAndThenReusesTheSameKeysAndCertificates() throws Exception {
        char[] password = "local-secret".toCharArray();
        LocalPki first = LocalPki.loadOrCreate(dir, password);
        assertTrue(Files.exists(dir.resolve(LocalPki.KEYSTORE_FILE)));
        assertTrue(Files.exists(dir.resolve(LocalPki.CA_PEM_FILE)));
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(LocalPki.KEYSTORE_FILE))));

        LocalPki second = LocalPki.loadOrCreate(dir, password);
        for (var pair : List.of(List.of(first.ca(), second.ca()), List.of(first.signer(), second.signer()),
                List.of(first.tsa(), second.tsa()))) {
            assertEquals(pair.get(0).chain(), pair.get(1).chain());
            assertArrayEquals(pair.get(0).privateKey().getEncoded(), pair.get(1).privateKey().getEncoded());
        }
        try (InputStream pem = Files.newInputStream(dir.resolve(LocalPki.CA_PEM_FILE))) {
            X509Certificate fromPem = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(pem);
            assertEquals(first.caCertificate(), fromPem);
        }
        assertFalse(first.signer().toString().contains("modulus"), "keys are never printed");
    }

    @Test
    void aWrongPasswordFailsClearly() {
        LocalPki.loadOrCreate(dir, "right".toCharArray());
        PadesException e = assertThrows(PadesException.class, () -> LocalPki.loadOrCreate(dir, "wrong".toCharArray()));
        assertTrue(e.getMessage().contains("wrong password"), e.getMessage());
        assertFalse(e.getMessage().contains("right"));
    }

    @Test
    void certificateProfiles() throws Exception {
        LocalPki pki = TestPki.shared();
        X509Certificate ca = pki.caCertificate();
        X509Certificate signer = pki.signer().certificate();
        X509Certificate tsa = pki.tsa().certificate();

        assertEquals(3072, ((RSAPublicKey) ca.getPublicKey()).getModulus().bitLength());
        assertEquals(3072, ((RSAPublicKey) signer.getPublicKey()).getModulus().bitLength());
        assertEquals(0, ca.getBasicConstraints(), "a CA that issues leaves only");
        ca.verify(ca.getPublicKey());
        assertTrue(ca.getKeyUsage()[5] && ca.getKeyUsage()[6], "keyCertSign, cRLSign");

        signer.verify(ca.getPublicKey());
        assertEquals(-1, signer.getBasicConstraints());
        boolean[] usage = signer.getKeyUsage();
        assertTrue(usage[0] && usage[1], "digitalSignature + nonRepudiation");
        assertTrue(signer.getCriticalExtensionOIDs().contains("2.5.29.15"), "key usage critical");
        assertNull(signer.getExtendedKeyUsage());
        assertEquals(List.of(signer, ca), pki.signer().chain());

        tsa.verify(ca.getPublicKey());
        assertEquals(List.of("1.3.6.1.5.5.7.3.8"), tsa.getExtendedKeyUsage(), "only id-kp-timeStamping");
        assertTrue(tsa.getCriticalExtensionOIDs().contains("2.5.29.37"), "extended key usage critical");
    }

    @Test
    void theCaIssuesAnEmptyCrl() throws Exception {
        LocalPki pki = TestPki.shared();
        Instant now = Instant.now();
        X509CRL crl = pki.issueCrl(now, Duration.ofDays(7));
        crl.verify(pki.caCertificate().getPublicKey());
        assertEquals(pki.caCertificate().getSubjectX500Principal(), crl.getIssuerX500Principal());
        assertNull(crl.getRevokedCertificates());
        assertTrue(crl.getNextUpdate().toInstant().isAfter(now));
    }
}
