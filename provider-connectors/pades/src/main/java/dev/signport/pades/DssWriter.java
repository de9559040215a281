package dev.signport.pades;

import java.io.IOException;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CRLException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSInteger;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * Writes the Document Security Store (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4): /Certs with every certificate
 * of every signature and signature timestamp plus the caller's extra certificates, /CRLs and /OCSPs from the caller,
 * and one /VRI entry per signature listing what applies to it (keyed by the upper-case hex SHA-1 of the signature's
 * /Contents string, padding included, as Acrobat and EU DSS compute it). Validators use the store to validate the
 * signatures after certificates expire or revocation services disappear.
 */
final class DssWriter {

    private static final int ADBE_EXTENSION_LEVEL_FOR_DSS = 5;

    private final PDDocument doc;
    private final Limits limits;

    DssWriter(PDDocument doc, Limits limits) {
        this.doc = doc;
        this.limits = limits;
    }

    void addValidationData(ValidationData extra) throws IOException {
        Map<String, byte[]> allCerts = new LinkedHashMap<>();
        Map<String, Set<String>> certsPerSignature = new LinkedHashMap<>();
        for (PDSignature signature : doc.getSignatureDictionaries()) {
            byte[] contents = signature.getContents();
            Set<String> own = new LinkedHashSet<>();
            for (byte[] cert : certificatesIn(contents)) {
                own.add(put(allCerts, cert));
            }
            for (X509Certificate cert : extra.certificates()) {
                own.add(put(allCerts, encoded(cert)));
            }
            certsPerSignature.put(vriKey(contents), own);
        }
        for (X509Certificate cert : extra.certificates()) {
            put(allCerts, encoded(cert));
        }
        List<byte[]> crls = new ArrayList<>();
        for (X509CRL crl : extra.crls()) {
            try {
                crls.add(crl.getEncoded());
            } catch (CRLException e) {
                throw new PadesException("cannot encode a CRL: " + e.getMessage(), e);
            }
        }

        COSDictionary catalog = doc.getDocumentCatalog().getCOSObject();
        COSDictionary dss = catalog.getCOSDictionary(COSName.DSS);
        if (dss == null) {
            dss = new COSDictionary();
            catalog.setItem(COSName.DSS, dss);
        }
        Map<String, COSStream> certStreams = new LinkedHashMap<>();
        COSArray certArray = array(dss, COSName.CERTS);
        for (Map.Entry<String, byte[]> cert : allCerts.entrySet()) {
            COSStream stream = stream(cert.getValue());
            certStreams.put(cert.getKey(), stream);
            certArray.add(stream);
        }
        List<COSStream> crlStreams = new ArrayList<>();
        for (byte[] crl : crls) {
            COSStream stream = stream(crl);
            crlStreams.add(stream);
            array(dss, COSName.CRLS).add(stream);
        }
        List<COSStream> ocspStreams = new ArrayList<>();
        for (byte[] ocsp : extra.ocspResponses()) {
            COSStream stream = stream(ocsp);
            ocspStreams.add(stream);
            array(dss, COSName.OCSPS).add(stream);
        }

        COSDictionary vri = dss.getCOSDictionary(COSName.VRI);
        if (vri == null) {
            vri = new COSDictionary();
            dss.setItem(COSName.VRI, vri);
        }
        Calendar now = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        for (Map.Entry<String, Set<String>> signature : certsPerSignature.entrySet()) {
            COSDictionary entry = new COSDictionary();
            COSArray certs = new COSArray();
            signature.getValue().forEach(key -> certs.add(certStreams.get(key)));
            entry.setItem(COSName.CERT, certs);
            if (!crlStreams.isEmpty()) {
                COSArray list = new COSArray();
                crlStreams.forEach(list::add);
                entry.setItem(COSName.CRL, list);
            }
            if (!ocspStreams.isEmpty()) {
                COSArray list = new COSArray();
                ocspStreams.forEach(list::add);
                entry.setItem(COSName.OCSP, list);
            }
            entry.setDate(COSName.TU, now);
            vri.setItem(COSName.getPDFName(signature.getKey()), entry);
        }
        declareExtension(catalog);
    }

    /** Certificates of a CMS signature and of the timestamp tokens in its unsigned attributes. */
    private List<byte[]> certificatesIn(byte[] contents) {
        List<byte[]> found = new ArrayList<>();
        try {
            // The zero padding after the DER structure is ignored by the parser.
            CMSSignedData cms = new CMSSignedData(contents);
            addAll(found, cms.getCertificates().getMatches(null));
            for (SignerInformation signer : cms.getSignerInfos().getSigners()) {
                AttributeTable unsigned = signer.getUnsignedAttributes();
                if (unsigned == null) {
                    continue;
                }
                org.bouncycastle.asn1.ASN1EncodableVector stamps =
                        unsigned.getAll(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
                for (int i = 0; i < stamps.size(); i++) {
                    Attribute attribute = Attribute.getInstance(stamps.get(i));
                    for (ASN1Encodable value : attribute.getAttrValues().toArray()) {
                        TimeStampToken token = new TimeStampToken(
                                new CMSSignedData(value.toASN1Primitive().getEncoded()));
                        addAll(found, token.getCertificates().getMatches(null));
                    }
                }
            }
        } catch (Exception e) {
            // Somebody else's malformed signature contributes nothing; it stays as it is.
        }
        return found;
    }

    private static void addAll(List<byte[]> into, java.util.Collection<X509CertificateHolder> holders)
            throws IOException {
        for (X509CertificateHolder holder : holders) {
            into.add(holder.getEncoded());
        }
    }

    /** Declares the extension the DSS belongs to (Adobe extension level 5 to PDF 1.7), as PAdES asks. */
    private static void declareExtension(COSDictionary catalog) {
        COSDictionary extensions = catalog.getCOSDictionary(COSName.EXTENSIONS);
        if (extensions == null) {
            extensions = new COSDictionary();
            catalog.setItem(COSName.EXTENSIONS, extensions);
        }
        COSBase adbe = extensions.getDictionaryObject(COSName.ADBE);
        if (adbe instanceof COSDictionary existing
                && existing.getInt(COSName.EXTENSION_LEVEL, 0) >= ADBE_EXTENSION_LEVEL_FOR_DSS) {
            return;
        }
        COSDictionary declaration = new COSDictionary();
        declaration.setItem(COSName.BASE_VERSION, COSName.getPDFName("1.7"));
        declaration.setItem(COSName.EXTENSION_LEVEL, COSInteger.get(ADBE_EXTENSION_LEVEL_FOR_DSS));
        extensions.setItem(COSName.ADBE, declaration);
    }

    private COSStream stream(byte[] der) throws IOException {
        COSStream stream = doc.getDocument().createCOSStream();
        try (OutputStream out = stream.createOutputStream(COSName.FLATE_DECODE)) {
            out.write(der);
        }
        return stream;
    }

    private static COSArray array(COSDictionary dss, COSName name) {
        COSArray array = dss.getCOSArray(name);
        if (array == null) {
            array = new COSArray();
            dss.setItem(name, array);
        }
        return array;
    }

    private static String put(Map<String, byte[]> certs, byte[] der) {
        String key = HexFormat.of().formatHex(sha(der, "SHA-256"));
        certs.putIfAbsent(key, der);
        return key;
    }

    static String vriKey(byte[] contents) {
        return HexFormat.of().withUpperCase().formatHex(sha(contents, "SHA-1"));
    }

    private static byte[] encoded(X509Certificate cert) {
        try {
            return cert.getEncoded();
        } catch (CertificateEncodingException e) {
            throw new PadesException("cannot encode a certificate", e);
        }
    }

    private static byte[] sha(byte[] data, String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is always available", e);
        }
    }
}
