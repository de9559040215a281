package dev.signport.pades;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * A private key with its certificate chain, leaf first (the issuing CA after it, the root last when known).
 *
 * @param privateKey the key; never printed by {@link #toString()}
 * @param chain      leaf first
 */
public record SigningCredential(PrivateKey privateKey, List<X509Certificate> chain) {

    public SigningCredential {
        if (privateKey == null || chain == null || chain.isEmpty()) {
            throw new IllegalArgumentException("a credential needs a private key and at least its own certificate");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** Java's signature algorithm for this key with SHA-256: RSA PKCS#1 v1.5 (what every PDF reader verifies) or ECDSA. */
    String sha256SignatureAlgorithm() {
        return switch (privateKey.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC", "ECDSA" -> "SHA256withECDSA";
            default -> throw new PadesException("unsupported key algorithm " + privateKey.getAlgorithm());
        };
    }

    /** Key material must never reach a log line, so only the subject is shown. */
    @Override
    public String toString() {
        return "SigningCredential[" + certificate().getSubjectX500Principal().getName() + "]";
    }
}
