package dev.signport.pades;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509CRL;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAppearanceStream;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import eu.europa.esig.dss.diagnostic.DiagnosticData;
import eu.europa.esig.dss.diagnostic.SignatureWrapper;
import eu.europa.esig.dss.diagnostic.TimestampWrapper;
import eu.europa.esig.dss.enumerations.CertificateOrigin;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.RevocationOrigin;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.TimestampType;
import eu.europa.esig.dss.jaxb.object.Message;
import eu.europa.esig.dss.simplereport.SimpleReport;
import eu.europa.esig.dss.validation.reports.Reports;

/**
 * End to end with the local PKI and the TSA over HTTP; every signature is checked by EU DSS 6.4 (trusting only the
 * generated CA), by pdfsig when installed, and by PDFBox + BouncyCastle.
 */
class PadesSignerTest {

    static final Path OUTPUT = Path.of("target", "pades-test-output");

    @TempDir
    static Path dir;
    static LocalPki pki;
    static TimestampAuthority tsa;
    static TsaClient tsaClient;
    static PadesSigner signer;

    @BeforeAll
    static void start() throws Exception {
        pki = LocalPki.loadOrCreate(dir.resolve("pki"), "test-password".toCharArray());
        tsa = new TimestampAuthority(pki.tsa());
        tsa.start(0);
        tsaClient = new TsaClient(tsa.url(), Duration.ofSeconds(10), pki.caCertificate());
        signer = new PadesSigner(pki.signer());
        Files.createDirectories(OUTPUT);
    }

    @AfterAll
    static void stop() {
        tsa.stop();
    }

    @Test
    void twoSequentialSignersEachBaselineTThenArchiveToBaselineLta() throws Exception {
        byte[] original = TestPdfs.contract(2);

        SignResult alice = signer.sign(original, SignRequest.of("Alice Example")
                .withReason("I agree to the service agreement")
                .withAppearance(Appearance.drawn(TestPdfs.drawnSignaturePng()))
                .withTimestamp(tsaClient));
        assertEquals(PadesLevel.B_T, alice.level());
        assertEquals(3, alice.page(), "no position given: Alice signs on the appended signature page");
        assertNotNull(alice.timestampTime());
        assertEquals(PadesSigner.sha256Hex(original), alice.sha256Before());
        assertStartsWith(original, alice.pdf());

        SignResult bob = signer.sign(new ByteArrayInputStream(alice.pdf()), SignRequest.of("Bob Müller")
                .withAppearance(Appearance.typed("Bob Müller"))
                .withTimestamp(tsaClient));
        assertEquals(3, bob.page(), "Bob reuses the signature page, no page is added after Alice signed");
        assertStartsWith(alice.pdf(), bob.pdf());
        IndependentChecks.assertAllIntact(bob.pdf(), 2);
        Files.write(OUTPUT.resolve("alice-bob-BT.pdf"), bob.pdf());

        // DSS on the B-T document: only what the file carries (no revocation data yet).
        Reports afterBob = IndependentChecks.dss(bob.pdf(), pki.caCertificate());
        print("alice+bob (B-T), offline", afterBob);
        assertTwoIntactSignatures(afterBob, SignatureLevel.PAdES_BASELINE_T);
        // …and with the CA's CRL available to DSS, as if published at a distribution point: fully valid.
        X509CRL crl = pki.issueCrl(Instant.now(), Duration.ofDays(7));
        Reports afterBobWithCrl = IndependentChecks.dss(bob.pdf(), pki.caCertificate(), crl);
        print("alice+bob (B-T), CA's CRL available", afterBobWithCrl);
        for (String id : afterBobWithCrl.getSimpleReport().getSignatureIdList()) {
            assertEquals(Indication.TOTAL_PASSED, afterBobWithCrl.getSimpleReport().getIndication(id), id);
        }

        SignResult archived = signer.archive(bob.pdf(), tsaClient,
                ValidationData.of(List.of(pki.caCertificate()), List.of(crl)));
        assertEquals(PadesLevel.B_LTA, archived.level());
        assertStartsWith(bob.pdf(), archived.pdf());
        IndependentChecks.assertAllIntact(archived.pdf(), 3);
        Files.write(OUTPUT.resolve("alice-bob-LTA.pdf"), archived.pdf());

        Reports afterArchive = IndependentChecks.dss(archived.pdf(), pki.caCertificate());
        print("archived (DSS + document timestamp), offline", afterArchive);
        SimpleReport simple = afterArchive.getSimpleReport();
        assertTwoIntactSignatures(afterArchive, SignatureLevel.PAdES_BASELINE_LTA);
        for (String id : simple.getSignatureIdList()) {
            assertEquals(Indication.TOTAL_PASSED, simple.getIndication(id), id + " " + simple.getSubIndication(id));
        }
        List<TimestampWrapper> documentTimestamps = afterArchive.getDiagnosticData()
                .getTimestampsByType(TimestampType.DOCUMENT_TIMESTAMP);
        assertEquals(1, documentTimestamps.size());
        assertEquals(Indication.PASSED, simple.getIndication(documentTimestamps.get(0).getId()));
        for (String id : simple.getSignatureIdList()) {
            SignatureWrapper signature = afterArchive.getDiagnosticData().getSignatureById(id);
            // DSS found our CRL and certificates both in the DSS dictionary and in this signature's VRI entry.
            assertFalse(signature.foundRevocations().getRelatedRevocationsByOrigin(RevocationOrigin.DSS_DICTIONARY)
                    .isEmpty(), id + " revocation data in the DSS dictionary");
            assertFalse(signature.foundRevocations().getRelatedRevocationsByOrigin(RevocationOrigin.VRI_DICTIONARY)
                    .isEmpty(), id + " revocation data in its VRI entry");
            assertFalse(signature.foundCertificates().getRelatedCertificatesByOrigin(CertificateOrigin.DSS_DICTIONARY)
                    .isEmpty(), id + " certificates in the DSS dictionary");
        }

        // The visible widgets: both on the signature page, in different slots, each with an appearance stream.
        try (PDDocument doc = Loader.loadPDF(archived.pdf())) {
            assertEquals(3, doc.getNumberOfPages());
            List<PDRectangle> rects = new ArrayList<>();
            for (PDAnnotation annotation : doc.getPage(2).getAnnotations()) {
                if (annotation instanceof PDAnnotationWidget widget && widget.getRectangle().getWidth() > 0) {
                    assertNotNull(widget.getAppearance().getNormalAppearance().getAppearanceStream());
                    rects.add(widget.getRectangle());
                }
            }
            assertEquals(2, rects.size());
            assertTrue(rects.get(0).getLowerLeftY() >= rects.get(1).getUpperRightY(), "Bob's box is below Alice's");
        }

        String pdfsig = IndependentChecks.pdfsig(archived.pdf(), dir, "alice-bob-LTA.pdf");
        assumeTrue(pdfsig != null, "pdfsig (poppler-utils) is not installed: its check is skipped");
        System.out.println("pdfsig:\n" + pdfsig);
        List<String> blocks = IndependentChecks.pdfsigBlocks(pdfsig);
        assertEquals(3, blocks.size(), pdfsig);
        for (String block : blocks.subList(0, 2)) {
            assertTrue(block.contains("Signature Type: ETSI.CAdES.detached"), block);
            assertTrue(block.contains("Signature Validation: Signature is Valid."), block);
        }
        // Poppler 22.12 does not verify ETSI.RFC3161 document timestamps; it lists the field and its range.
        assertTrue(blocks.get(2).contains("Total document signed"), blocks.get(2));
    }

    @Test
    void withoutTsaTheSignatureIsBaselineBWithExactlyThePadesSignedAttributes() throws Exception {
        byte[] original = TestPdfs.contract(2);
        SignResult result = signer.sign(original, SignRequest.of("Carol Basic")
                .withPlacement(Placement.at(2, 300, 650, 220, 70)));
        assertEquals(PadesLevel.B_B, result.level());
        assertNull(result.timestampTime());
        IndependentChecks.assertAllIntact(result.pdf(), 1);
        Files.write(OUTPUT.resolve("carol-BB.pdf"), result.pdf());

        Reports reports = IndependentChecks.dss(result.pdf(), pki.caCertificate());
        print("carol (B-B), offline", reports);
        assertEquals(1, reports.getSimpleReport().getSignatureIdList().size());
        assertTwoIntactSignatures(reports, SignatureLevel.PAdES_BASELINE_B, 1);
        Reports withCrl = IndependentChecks.dss(result.pdf(), pki.caCertificate(),
                pki.issueCrl(Instant.now(), Duration.ofDays(1)));
        print("carol (B-B), CA's CRL available", withCrl);
        String id = withCrl.getSimpleReport().getFirstSignatureId();
        assertEquals(Indication.TOTAL_PASSED, withCrl.getSimpleReport().getIndication(id));

        try (PDDocument doc = Loader.loadPDF(result.pdf())) {
            PDSignature signature = doc.getLastSignatureDictionary();
            assertEquals("ETSI.CAdES.detached", signature.getSubFilter());
            assertEquals("Adobe.PPKLite", signature.getFilter());
            assertNotNull(signature.getSignDate(), "the signing time is in /M");
            CMSSignedData cms = new CMSSignedData(signature.getContents(result.pdf()));
            SignerInformation info = cms.getSignerInfos().getSigners().iterator().next();
            assertEquals("2.16.840.1.101.3.4.2.1", info.getDigestAlgOID(), "SHA-256");
            assertNotNull(info.getSignedAttributes().get(CMSAttributes.contentType));
            assertNotNull(info.getSignedAttributes().get(CMSAttributes.messageDigest));
            assertNotNull(info.getSignedAttributes().get(PKCSObjectIdentifiers.id_aa_signingCertificateV2));
            assertNull(info.getSignedAttributes().get(CMSAttributes.signingTime), "no signing-time in PAdES");
            assertEquals(3, info.getSignedAttributes().size());
            assertNull(info.getUnsignedAttributes(), "no timestamp in B-B");
            assertEquals(2, cms.getCertificates().getMatches(null).size(), "signer and CA in the CMS");
        }

        String pdfsig = IndependentChecks.pdfsig(result.pdf(), dir, "carol-BB.pdf");
        assumeTrue(pdfsig != null, "pdfsig (poppler-utils) is not installed: its check is skipped");
        assertTrue(pdfsig.contains("Signature is Valid."), pdfsig);
    }

    @Test
    void visibleSignatureIsDrawnAtTheRequestedPositionOnTheRequestedPage() throws Exception {
        byte[] original = TestPdfs.contract(2);
        SignResult result = signer.sign(original, SignRequest.of("Dana Position")
                .withAppearance(Appearance.drawn(TestPdfs.drawnSignaturePng()))
                .withPlacement(Placement.at(2, 72, 100, 200, 60).named("DanaSignature")));
        assertEquals(2, result.page());
        assertEquals("DanaSignature", result.fieldName());
        try (PDDocument doc = Loader.loadPDF(result.pdf())) {
            assertEquals(2, doc.getNumberOfPages(), "positioned: no signature page");
            PDSignatureField field = (PDSignatureField) doc.getDocumentCatalog().getAcroForm(null)
                    .getField("DanaSignature");
            PDAnnotationWidget widget = field.getWidgets().get(0);
            PDPage page2 = doc.getPage(1);
            assertTrue(page2.getAnnotations().stream().anyMatch(a -> a.getCOSObject() == widget.getCOSObject()),
                    "the widget is an annotation of page 2");
            assertTrue(doc.getPage(0).getAnnotations().isEmpty(), "nothing on page 1");
            // 72/100 from the top-left of an A4 page (841.89 pt high) is 72/681.89 from the bottom-left.
            PDRectangle rect = widget.getRectangle();
            assertEquals(72, rect.getLowerLeftX(), 0.01);
            assertEquals(PDRectangle.A4.getHeight() - 100 - 60, rect.getLowerLeftY(), 0.01);
            assertEquals(200, rect.getWidth(), 0.01);
            assertEquals(60, rect.getHeight(), 0.01);
            PDAppearanceStream appearance = widget.getAppearance().getNormalAppearance().getAppearanceStream();
            assertNotNull(appearance, "normal appearance stream");
            assertTrue(appearance.getContentStream().getLength() > 0);
            assertTrue(appearance.getResources().getFontNames().iterator().hasNext(), "text is drawn");
            assertTrue(appearance.getResources().getXObjectNames().iterator().hasNext(), "the drawing is drawn");
            assertTrue(widget.isPrinted());
        }
        IndependentChecks.assertAllIntact(result.pdf(), 1);
    }

    @Test
    void withoutPositionASignaturePageIsAppendedOnceAndReused() throws Exception {
        byte[] original = TestPdfs.contract(1);
        SignResult first = signer.sign(original, SignRequest.of("Erin First"));
        SignResult second = signer.sign(first.pdf(), SignRequest.of("Frank Second"));
        assertEquals(2, first.page());
        assertEquals(2, second.page());
        try (PDDocument doc = Loader.loadPDF(second.pdf())) {
            assertEquals(2, doc.getNumberOfPages());
            assertTrue(SignatureAppearance.isSignaturePage(doc.getPage(1)));
            assertTrue(doc.getPage(0).getAnnotations().isEmpty());
            assertEquals(2, doc.getPage(1).getAnnotations().size());
        }
        IndependentChecks.assertAllIntact(second.pdf(), 2);
    }

    @Test
    void anEmptySignatureFieldIsFilledInPlace() throws Exception {
        byte[] original = TestPdfs.withEmptySignatureField("ClientSignature");
        SignResult result = signer.sign(original, SignRequest.of("Grace Field")
                .withPlacement(Placement.field("ClientSignature")).withTimestamp(tsa));
        assertEquals("ClientSignature", result.fieldName());
        assertEquals(1, result.page());
        assertEquals(PadesLevel.B_T, result.level());
        try (PDDocument doc = Loader.loadPDF(result.pdf())) {
            assertEquals(1, doc.getNumberOfPages());
            List<PDField> fields = doc.getDocumentCatalog().getAcroForm(null).getFields();
            assertEquals(1, fields.size(), "the existing field is used, none is added");
            PDSignatureField field = (PDSignatureField) fields.get(0);
            assertNotNull(field.getSignature());
            PDRectangle rect = field.getWidgets().get(0).getRectangle();
            assertArrayEquals(new float[] {100, 100, 320, 170}, new float[] {rect.getLowerLeftX(),
                    rect.getLowerLeftY(), rect.getUpperRightX(), rect.getUpperRightY()}, 0.01f);
            assertNotNull(field.getWidgets().get(0).getAppearance().getNormalAppearance().getAppearanceStream());
        }
        IndependentChecks.assertAllIntact(result.pdf(), 1);
        Reports reports = IndependentChecks.dss(result.pdf(), pki.caCertificate());
        assertTwoIntactSignatures(reports, SignatureLevel.PAdES_BASELINE_T, 1);

        PadesException again = assertThrows(PadesException.class, () -> signer.sign(result.pdf(),
                SignRequest.of("Mallory").withPlacement(Placement.field("ClientSignature"))));
        assertTrue(again.getMessage().contains("already signed"), again.getMessage());
    }

    @Test
    void tooSmallAReservationFailsWithAClearMessage() {
        PadesException e = assertThrows(PadesException.class, () -> signer.sign(TestPdfs.contract(1),
                SignRequest.of("Henry Tight").withTimestamp(tsaClient).withContentsReserve(1024)));
        assertTrue(e.getMessage().contains("reserved signature space is too small"), e.getMessage());
    }

    @Test
    void namesOutsideTheFontAndHostileInputFailSafely() throws Exception {
        SignResult result = signer.sign(TestPdfs.contract(1), SignRequest.of("Zoë Łukasz Ωmega 李雷\u0000\u202e"));
        IndependentChecks.assertAllIntact(result.pdf(), 1);

        assertThrows(DocumentRejectedException.class,
                () -> signer.sign("hello, not a pdf".getBytes(), SignRequest.of("Ivy")));
        assertThrows(DocumentRejectedException.class,
                () -> signer.sign("%PDF-1.7\n garbage".getBytes(), SignRequest.of("Ivy")));
        byte[] fakePng = Arrays.copyOf(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                'I', 'H', 'D', 'R', 0, 1, 0, 0, 0, 1, 0, 0}, 64);
        PadesException pixelBomb = assertThrows(PadesException.class, () -> signer.sign(TestPdfs.contract(1),
                SignRequest.of("Ivy").withAppearance(Appearance.drawn(fakePng))));
        assertTrue(pixelBomb.getMessage().contains("65536x65536"), pixelBomb.getMessage());
    }

    @Test
    void topLeftPositionsAreConvertedForEveryPageRotation() {
        PDRectangle a4 = new PDRectangle(0, 0, 595, 842);
        // Shown upright, the box is 10 pt from the left and 20 pt from the top, 100 wide and 50 high.
        assertRect(PadesSigner.toUserSpace(a4, 0, 10, 20, 100, 50), 10, 772, 100, 50);
        assertRect(PadesSigner.toUserSpace(a4, 90, 10, 20, 100, 50), 20, 10, 50, 100);
        assertRect(PadesSigner.toUserSpace(a4, 180, 10, 20, 100, 50), 485, 20, 100, 50);
        assertRect(PadesSigner.toUserSpace(a4, 270, 10, 20, 100, 50), 525, 732, 50, 100);
        // A crop box that does not start at 0,0, and a box reaching beyond the page is pulled back inside.
        PDRectangle cropped = new PDRectangle(50, 60, 400, 500);
        assertRect(PadesSigner.toUserSpace(cropped, 0, 380, 480, 100, 50), 350, 60, 100, 50);
    }

    @Test
    void aRotatedPageGetsAnUprightAppearance() throws Exception {
        SignResult result = signer.sign(TestPdfs.rotated(90), SignRequest.of("Jack Rotated")
                .withPlacement(Placement.at(1, 40, 40, 200, 60)));
        try (PDDocument doc = Loader.loadPDF(result.pdf())) {
            PDAnnotationWidget widget = (PDAnnotationWidget) doc.getPage(0).getAnnotations().get(0);
            assertEquals(60, widget.getRectangle().getWidth(), 0.01);
            assertEquals(200, widget.getRectangle().getHeight(), 0.01);
            PDAppearanceStream appearance = widget.getAppearance().getNormalAppearance().getAppearanceStream();
            assertEquals(200, appearance.getBBox().getWidth(), 0.01);
            assertNotNull(appearance.getCOSObject().getDictionaryObject(COSName.MATRIX));
        }
        IndependentChecks.assertAllIntact(result.pdf(), 1);
    }

    // --- helpers ------------------------------------------------------------------------------------------------

    private static void assertTwoIntactSignatures(Reports reports, SignatureLevel level) {
        assertTwoIntactSignatures(reports, level, 2);
    }

    private static void assertTwoIntactSignatures(Reports reports, SignatureLevel level, int count) {
        SimpleReport simple = reports.getSimpleReport();
        assertEquals(count, simple.getSignatureIdList().size());
        for (String id : simple.getSignatureIdList()) {
            assertEquals(level, simple.getSignatureFormat(id), id);
            SignatureWrapper signature = reports.getDiagnosticData().getSignatureById(id);
            assertTrue(signature.isSignatureIntact(), id + " intact");
            assertTrue(signature.isSignatureValid(), id + " valid");
            assertTrue(signature.getPDFRevision().isSignatureByteRangeValid(), id + " ByteRange");
            assertTrue(signature.isBLevelTechnicallyValid(), id + " B-level");
        }
    }

    private static void assertRect(PDRectangle r, float x, float y, float w, float h) {
        assertArrayEquals(new float[] {x, y, w, h},
                new float[] {r.getLowerLeftX(), r.getLowerLeftY(), r.getWidth(), r.getHeight()}, 0.01f,
                r.toString());
    }

    static void print(String stage, Reports reports) {
        SimpleReport simple = reports.getSimpleReport();
        DiagnosticData diagnostic = reports.getDiagnosticData();
        System.out.println("=== DSS: " + stage + " ===");
        for (String id : simple.getSignatureIdList()) {
            SignatureWrapper s = diagnostic.getSignatureById(id);
            System.out.println("signature " + s.getSignatureFieldNames() + " format=" + simple.getSignatureFormat(id)
                    + " indication=" + simple.getIndication(id) + " subIndication=" + simple.getSubIndication(id)
                    + " intact=" + s.isSignatureIntact() + " valid=" + s.isSignatureValid() + " byteRange="
                    + s.getPDFRevision().getSignatureByteRange() + " byteRangeValid="
                    + s.getPDFRevision().isSignatureByteRangeValid() + " modifications="
                    + s.getPDFRevision().arePdfModificationsDetected() + " undefinedChanges="
                    + s.getPDFRevision().getPdfUndefinedChanges().size());
            System.out.println("    errors=" + texts(simple.getAdESValidationErrors(id)));
            System.out.println("    warnings=" + texts(simple.getAdESValidationWarnings(id)));
        }
        for (TimestampWrapper t : diagnostic.getTimestampList()) {
            System.out.println("timestamp " + t.getType() + " indication=" + simple.getIndication(t.getId())
                    + " subIndication=" + simple.getSubIndication(t.getId()) + " intact=" + t.isSignatureIntact()
                    + " valid=" + t.isSignatureValid() + " errors=" + texts(simple.getAdESValidationErrors(t.getId())));
        }
    }

    private static List<String> texts(List<Message> messages) {
        return messages.stream().map(m -> m.getKey() + ": " + m.getValue()).toList();
    }

    static void assertStartsWith(byte[] prefix, byte[] whole) {
        assertTrue(whole.length > prefix.length, "a revision was appended");
        assertTrue(Arrays.equals(prefix, 0, prefix.length, whole, 0, prefix.length),
                "the earlier revision is kept byte for byte (incremental update)");
    }
}
