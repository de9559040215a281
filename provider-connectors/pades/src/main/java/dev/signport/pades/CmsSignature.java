package dev.signport.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureInterface;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DEROctetString;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.CMSObjectIdentifiers;
import org.bouncycastle.asn1.ess.ESSCertIDv2;
import org.bouncycastle.asn1.ess.SigningCertificateV2;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.IssuerSerial;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSAttributeTableGenerator;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.CMSTypedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.SignerInformationStore;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The CAdES detached signature PDFBox asks for while writing the incremental update (ETSI EN 319 142-1, PAdES
 * baseline): SHA-256 over the ByteRange, signed attributes content-type, message-digest and signing-certificate-v2 —
 * and deliberately no signing-time (PAdES puts the claimed time in the signature dictionary's /M). With a timestamp
 * source, a signature-time-stamp unsigned attribute over the signature value makes it B-T.
 */
final class CmsSignature implements SignatureInterface {

    /** Thrown through PDFBox when the CMS outgrows the reserved /Contents; unwrapped by the signer. */
    static final class ContentsTooSmallException extends IOException {
        final int needed;
        final int reserved;

        ContentsTooSmallException(int needed, int reserved) {
            super("the signature needs " + needed + " bytes but only " + reserved + " were reserved");
            this.needed = needed;
            this.reserved = reserved;
        }
    }

    private final SigningCredential credential;
    private final TimestampSource timestampSource;
    private final int reservedBytes;
    private Instant timestampTime;

    CmsSignature(SigningCredential credential, TimestampSource timestampSource, int reservedBytes) {
        this.credential = credential;
        this.timestampSource = timestampSource;
        this.reservedBytes = reservedBytes;
    }

    Instant timestampTime() {
        return timestampTime;
    }

    /** Bytes to reserve: chain, signature value, attributes and, with a TSA, one token; rounded up generously. */
    static int estimate(SigningCredential credential, TimestampSource timestampSource) {
        int certificates = 0;
        for (X509Certificate c : credential.chain()) {
            try {
                certificates += c.getEncoded().length;
            } catch (java.security.cert.CertificateEncodingException e) {
                certificates += 2048;
            }
        }
        // 512 bytes covers an RSA-4096 signature value; attributes, identifiers and the issuer name stay below 2 KB.
        int total = certificates + 512 + 2048;
        if (timestampSource != null) {
            total += timestampSource.estimatedTokenBytes();
        }
        return (total + 1023) / 1024 * 1024;
    }

    @Override
    public byte[] sign(InputStream content) throws IOException {
        try {
            X509Certificate certificate = credential.certificate();
            JcaSignerInfoGeneratorBuilder signerInfo = new JcaSignerInfoGeneratorBuilder(
                    new JcaDigestCalculatorProviderBuilder().build());
            signerInfo.setSignedAttributeGenerator(new PadesSignedAttributes(essCertIdV2(certificate)));
            CMSSignedDataGenerator generator = new CMSSignedDataGenerator();
            generator.addSignerInfoGenerator(signerInfo.build(
                    new JcaContentSignerBuilder(credential.sha256SignatureAlgorithm()).build(credential.privateKey()),
                    certificate));
            generator.addCertificates(new JcaCertStore(credential.chain()));
            CMSSignedData signed = generator.generate(new ByteRangeContent(content), false);
            if (timestampSource != null) {
                signed = withSignatureTimestamp(signed);
            }
            byte[] der = signed.getEncoded(ASN1Encoding.DER);
            if (der.length > reservedBytes) {
                throw new ContentsTooSmallException(der.length, reservedBytes);
            }
            return der;
        } catch (CMSException | OperatorCreationException | GeneralSecurityException e) {
            throw new IOException("cannot build the CMS signature: " + e.getMessage(), e);
        }
    }

    private CMSSignedData withSignatureTimestamp(CMSSignedData signed) throws GeneralSecurityException, IOException {
        SignerInformation signer = signed.getSignerInfos().getSigners().iterator().next();
        // ETSI EN 319 122-1 §5.3: the signature-time-stamp covers the signature value (the SignerInfo's signature).
        byte[] imprint = MessageDigest.getInstance("SHA-256").digest(signer.getSignature());
        TimeStampToken token = timestampSource.timestamp(imprint);
        if (!Arrays.equals(token.getTimeStampInfo().getMessageImprintDigest(), imprint)) {
            throw new PadesException("the timestamp token does not cover this signature");
        }
        timestampTime = token.getTimeStampInfo().getGenTime().toInstant();
        ASN1EncodableVector unsigned = new ASN1EncodableVector();
        unsigned.add(new Attribute(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken,
                new DERSet(ASN1Primitive.fromByteArray(token.getEncoded()))));
        signer = SignerInformation.replaceUnsignedAttributes(signer, new AttributeTable(unsigned));
        return CMSSignedData.replaceSigners(signed, new SignerInformationStore(signer));
    }

    /** RFC 5035 ESSCertIDv2 with SHA-256 (the default, so the algorithm is omitted) and the issuer/serial. */
    static ESSCertIDv2 essCertIdV2(X509Certificate certificate) throws GeneralSecurityException {
        byte[] hash = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        IssuerSerial issuerSerial = new IssuerSerial(
                new GeneralNames(new GeneralName(X500Name.getInstance(
                        certificate.getIssuerX500Principal().getEncoded()))),
                certificate.getSerialNumber());
        return new ESSCertIDv2(hash, issuerSerial);
    }

    /** Exactly the three signed attributes PAdES baseline asks for; BC's default would add signing-time. */
    private static final class PadesSignedAttributes implements CMSAttributeTableGenerator {
        private final ESSCertIDv2 certId;

        PadesSignedAttributes(ESSCertIDv2 certId) {
            this.certId = certId;
        }

        @Override
        public AttributeTable getAttributes(@SuppressWarnings("rawtypes") Map parameters) {
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new Attribute(CMSAttributes.contentType,
                    new DERSet((ASN1ObjectIdentifier) parameters.get(CMSAttributeTableGenerator.CONTENT_TYPE))));
            attributes.add(new Attribute(CMSAttributes.messageDigest,
                    new DERSet(new DEROctetString((byte[]) parameters.get(CMSAttributeTableGenerator.DIGEST)))));
            attributes.add(new Attribute(PKCSObjectIdentifiers.id_aa_signingCertificateV2,
                    new DERSet(new SigningCertificateV2(new ESSCertIDv2[] {certId}))));
            return new AttributeTable(attributes);
        }
    }

    /** The ByteRange bytes streamed once into BC's digest, never buffered whole. */
    private static final class ByteRangeContent implements CMSTypedData {
        private final InputStream in;

        ByteRangeContent(InputStream in) {
            this.in = in;
        }

        @Override
        public ASN1ObjectIdentifier getContentType() {
            return CMSObjectIdentifiers.data;
        }

        @Override
        public void write(OutputStream out) throws IOException {
            in.transferTo(out);
        }

        /** Must not be null: BC only digests content whose getContent() is non-null. */
        @Override
        public Object getContent() {
            return in;
        }
    }
}
