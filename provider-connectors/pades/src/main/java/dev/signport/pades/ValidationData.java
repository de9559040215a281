package dev.signport.pades;

import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;

/**
 * Validation material to store in the document's DSS dictionary besides the certificates already inside the
 * signatures: typically the CA certificate and revocation data (for the local CA, a CRL from
 * {@link LocalPki#issueCrl}; real CAs: their CRLs or OCSP responses).
 *
 * @param certificates   extra certificates (e.g. the root)
 * @param crls           CRLs covering the chains
 * @param ocspResponses  DER-encoded OCSPResponse structures
 */
public record ValidationData(List<X509Certificate> certificates, List<X509CRL> crls, List<byte[]> ocspResponses) {

    public ValidationData {
        certificates = certificates == null ? List.of() : List.copyOf(certificates);
        crls = crls == null ? List.of() : List.copyOf(crls);
        ocspResponses = ocspResponses == null ? List.of() : List.copyOf(ocspResponses);
    }

    public static ValidationData none() {
        return new ValidationData(null, null, null);
    }

    public static ValidationData of(List<X509Certificate> certificates, List<X509CRL> crls) {
        return new ValidationData(certificates, crls, null);
    }
}
