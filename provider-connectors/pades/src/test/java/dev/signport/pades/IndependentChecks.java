package dev.signport.pades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;

import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.pades.validation.PDFDocumentValidator;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource;
import eu.europa.esig.dss.validation.reports.Reports;

/** The validators the tests trust instead of the signer: EU DSS, Poppler's pdfsig, and PDFBox + BouncyCastle. */
public final class IndependentChecks {

    private IndependentChecks() {
    }

    /** EU DSS 6.4, offline, trusting only the given CA. */
    public static Reports dss(byte[] pdf, X509Certificate trustedCa) {
        return dss(pdf, trustedCa, null);
    }

    /**
     * EU DSS 6.4 trusting only the given CA; with {@code publishedCrl} DSS also gets the CRL the CA would publish
     * (as if fetched from its distribution point), otherwise only what the document carries.
     */
    public static Reports dss(byte[] pdf, X509Certificate trustedCa, java.security.cert.X509CRL publishedCrl) {
        PDFDocumentValidator validator = new PDFDocumentValidator(new InMemoryDocument(pdf, "signed.pdf"));
        CommonCertificateVerifier verifier = new CommonCertificateVerifier();
        CommonTrustedCertificateSource trusted = new CommonTrustedCertificateSource();
        trusted.addCertificate(new CertificateToken(trustedCa));
        verifier.setTrustedCertSources(trusted);
        // Offline: what the document carries is all there is (the local CA publishes nothing online).
        verifier.setAIASource(null);
        try {
            verifier.setCrlSource(publishedCrl == null ? null
                    : new eu.europa.esig.dss.spi.x509.revocation.crl.ExternalResourcesCRLSource(
                            new InMemoryDocument(publishedCrl.getEncoded())));
        } catch (java.security.cert.CRLException e) {
            throw new IllegalStateException(e);
        }
        verifier.setOcspSource(null);
        validator.setCertificateVerifier(verifier);
        return validator.validateDocument();
    }

    /** pdfsig's output, or null when the binary is not installed. */
    public static String pdfsig(byte[] pdf, Path dir, String name) throws IOException, InterruptedException {
        Path binary = Path.of("/usr/bin/pdfsig");
        if (!Files.isExecutable(binary)) {
            return null;
        }
        Path file = dir.resolve(name);
        Files.write(file, pdf);
        Process process = new ProcessBuilder(binary.toString(), file.toString()).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("pdfsig did not finish within 60 s");
        }
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }

    /** pdfsig's report split per signature ("Signature #n:" blocks). */
    public static List<String> pdfsigBlocks(String output) {
        List<String> blocks = new ArrayList<>();
        for (String part : output.split("(?m)^Signature #")) {
            if (part.matches("(?s)\\d+:.*")) {
                blocks.add("Signature #" + part);
            }
        }
        return blocks;
    }

    /** One signature (or document timestamp) as PDFBox sees it. */
    public record Revision(String subFilter, int[] byteRange, boolean coversFileUpToEof, boolean cmsValid) {
    }

    /**
     * For every signature dictionary: the ByteRange starts at 0, leaves out exactly the /Contents hex string, ends
     * at an %%EOF (the end of that revision), and the CMS (or timestamp token) verifies with BouncyCastle over the
     * ByteRange bytes.
     */
    public static List<Revision> pdfbox(byte[] pdf) throws Exception {
        List<Revision> revisions = new ArrayList<>();
        try (PDDocument doc = Loader.loadPDF(pdf)) {
            for (PDSignature signature : doc.getSignatureDictionaries()) {
                int[] br = signature.getByteRange();
                assertEquals(4, br.length);
                assertEquals(0, br[0], "ByteRange starts at the beginning of the file");
                assertEquals('<', pdf[br[1]], "the gap starts with the /Contents string");
                assertEquals('>', pdf[br[2] - 1], "the gap ends with the /Contents string");
                int end = br[2] + br[3];
                String tail = new String(pdf, Math.max(0, end - 7), Math.min(7, end), StandardCharsets.US_ASCII);
                boolean atEof = tail.contains("%%EOF");
                byte[] signedBytes = new byte[br[1] + br[3]];
                System.arraycopy(pdf, 0, signedBytes, 0, br[1]);
                System.arraycopy(pdf, br[2], signedBytes, br[1], br[3]);
                byte[] contents = signature.getContents(pdf);
                boolean valid = verifyCms(signature.getSubFilter(), contents, signedBytes);
                revisions.add(new Revision(signature.getSubFilter(), br, atEof, valid));
            }
        }
        return revisions;
    }

    private static boolean verifyCms(String subFilter, byte[] contents, byte[] signedBytes) throws Exception {
        if ("ETSI.RFC3161".equals(subFilter)) {
            TimeStampToken token = new TimeStampToken(new CMSSignedData(contents));
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(signedBytes);
            X509CertificateHolder cert = (X509CertificateHolder) token.getCertificates().getMatches(token.getSID())
                    .iterator().next();
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
            return Arrays.equals(digest, token.getTimeStampInfo().getMessageImprintDigest());
        }
        CMSSignedData cms = new CMSSignedData(new CMSProcessableByteArray(signedBytes), contents);
        SignerInformation signer = cms.getSignerInfos().getSigners().iterator().next();
        X509CertificateHolder cert = (X509CertificateHolder) cms.getCertificates().getMatches(signer.getSID())
                .iterator().next();
        return signer.verify(new JcaSimpleSignerInfoVerifierBuilder().build(cert));
    }

    public static void assertAllIntact(byte[] pdf, int expected) throws Exception {
        List<Revision> revisions = new ArrayList<>(pdfbox(pdf));
        revisions.sort(java.util.Comparator.comparingInt(r -> r.byteRange()[2] + r.byteRange()[3]));
        assertEquals(expected, revisions.size(), "signature dictionaries");
        int previousEnd = 0;
        for (Revision r : revisions) {
            assertTrue(r.coversFileUpToEof(), "ByteRange ends at a revision's %%EOF: " + Arrays.toString(r.byteRange()));
            assertTrue(r.cmsValid(), "CMS verifies over its ByteRange: " + Arrays.toString(r.byteRange()));
            int end = r.byteRange()[2] + r.byteRange()[3];
            assertTrue(end > previousEnd, "each signature covers a later revision");
            previousEnd = end;
        }
        assertEquals(pdf.length, previousEnd, "the last signature covers the whole file");
    }
}
