package dev.signport.pades;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StringWriter;
import java.lang.System.Logger.Level;
import java.math.BigInteger;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The local stack's own small PKI: a self-signed root CA, a document-signing certificate and an RFC 3161 timestamping
 * certificate issued by it. Generated at run time on first start (never committed), kept in one password-protected
 * PKCS#12 file with the CA certificate beside it as PEM (to import as a trust anchor in a validator or reader).
 *
 * <p>Keys are RSA 3072: 128-bit security like EC P-256 (NIST SP 800-57, ETSI TS 119 312 asks for at least 3000-bit
 * RSA for new keys), and RSA PKCS#1 v1.5 with SHA-256 is the signature every PDF reader and validator verifies,
 * older Acrobat/Reader and NSS-based pdfsig included. P-256 would give smaller signatures and faster key generation,
 * which matters little here: keys are generated once per local stack and a signature is ~384 bytes.
 */
public final class LocalPki {

    public static final String KEYSTORE_FILE = "signport-local-pki.p12";
    public static final String CA_PEM_FILE = "signport-local-ca.pem";

    static final String CA_ALIAS = "ca";
    static final String SIGNER_ALIAS = "signer";
    static final String TSA_ALIAS = "tsa";

    private static final System.Logger LOG = System.getLogger(LocalPki.class.getName());
    private static final int RSA_BITS = 3072;
    private static final Duration CA_VALIDITY = Duration.ofDays(3652);
    private static final Duration LEAF_VALIDITY = Duration.ofDays(825);
    /** Leaves this close to expiry are re-issued on load, so a long-lived local stack keeps producing valid signatures. */
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    /** Certificates start an hour early so a TSA or validator with a slightly different clock accepts them at once. */
    private static final Duration BACKDATE = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningCredential ca;
    private final SigningCredential signer;
    private final SigningCredential tsa;

    private LocalPki(SigningCredential ca, SigningCredential signer, SigningCredential tsa) {
        this.ca = ca;
        this.signer = signer;
        this.tsa = tsa;
    }

    /** The root CA (its key signs the two leaves and CRLs). */
    public SigningCredential ca() {
        return ca;
    }

    /** The document-signing key with its chain [signer, root]. */
    public SigningCredential signer() {
        return signer;
    }

    /** The timestamping key with its chain [tsa, root]. */
    public SigningCredential tsa() {
        return tsa;
    }

    public X509Certificate caCertificate() {
        return ca.certificate();
    }

    /** A new PKI in memory; nothing is written. */
    public static LocalPki generate() {
        Instant now = Instant.now();
        SigningCredential ca = newCa(now);
        return new LocalPki(ca, newSigner(ca, now), newTsa(ca, now));
    }

    /**
     * Loads the PKI from {@code dir}, or generates and saves one there if the directory holds none: the local stack
     * calls this on every start. Leaf certificates about to expire are re-issued under the same CA.
     */
    public static LocalPki loadOrCreate(Path dir, char[] password) {
        // One JVM may start several components at once, and two processes may share the directory: both locks.
        synchronized (LocalPki.class) {
            try {
                Files.createDirectories(dir);
                try (FileChannel channel = FileChannel.open(dir.resolve(".signport-local-pki.lock"),
                        StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock ignored = channel.lock()) {
                    Path keystore = dir.resolve(KEYSTORE_FILE);
                    if (Files.exists(keystore)) {
                        LocalPki loaded = load(keystore, password);
                        LocalPki current = loaded.renewedIfExpiring(Instant.now());
                        if (current != loaded) {
                            current.save(dir, password);
                        }
                        return current;
                    }
                    LocalPki created = generate();
                    created.save(dir, password);
                    LOG.log(Level.INFO, "Generated a new local PKI in {0} (CA {1})", dir,
                            created.caCertificate().getSubjectX500Principal().getName());
                    return created;
                }
            } catch (IOException e) {
                throw new PadesException("cannot read or write the local PKI in " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Loads a keystore written by {@link #save}; fails clearly on a wrong password or a foreign file. */
    public static LocalPki load(Path keystoreFile, char[] password) {
        try (InputStream in = Files.newInputStream(keystoreFile)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            LocalPki pki = new LocalPki(entry(ks, CA_ALIAS, password), entry(ks, SIGNER_ALIAS, password),
                    entry(ks, TSA_ALIAS, password));
            pki.checkIssuedByCa(pki.signer);
            pki.checkIssuedByCa(pki.tsa);
            return pki;
        } catch (IOException e) {
            // PKCS12 reports a wrong password as an IOException caused by UnrecoverableKeyException.
            throw new PadesException("cannot open the local PKI keystore " + keystoreFile
                    + " (wrong password or not a PKCS#12 file): " + e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new PadesException("invalid local PKI keystore " + keystoreFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@value #KEYSTORE_FILE} (owner-only where the file system allows) and {@value #CA_PEM_FILE}; each file
     * is replaced atomically so a crash never leaves half a keystore.
     */
    public void save(Path dir, char[] password) {
        try {
            Files.createDirectories(dir);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            KeyStore.PasswordProtection protection = new KeyStore.PasswordProtection(password);
            ks.setEntry(CA_ALIAS, new KeyStore.PrivateKeyEntry(ca.privateKey(), certs(ca)), protection);
            ks.setEntry(SIGNER_ALIAS, new KeyStore.PrivateKeyEntry(signer.privateKey(), certs(signer)), protection);
            ks.setEntry(TSA_ALIAS, new KeyStore.PrivateKeyEntry(tsa.privateKey(), certs(tsa)), protection);
            Path tmp = newPrivateTempFile(dir);
            try {
                try (OutputStream out = Files.newOutputStream(tmp)) {
                    ks.store(out, password);
                }
                Files.move(tmp, dir.resolve(KEYSTORE_FILE), StandardCopyOption.ATOMIC_MOVE,
                        StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(tmp);
            }
            Path pemTmp = Files.createTempFile(dir, ".ca", ".tmp");
            Files.writeString(pemTmp, toPem(ca.certificate()), StandardCharsets.US_ASCII);
            Files.move(pemTmp, dir.resolve(CA_PEM_FILE), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException | GeneralSecurityException e) {
            throw new PadesException("cannot save the local PKI to " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * An empty CRL (nothing revoked) signed by the CA. Embedded by {@link PadesSigner#archive} it gives validators
     * the revocation status of the two leaves, which PAdES-BASELINE-LT (and so -LTA) requires.
     */
    public X509CRL issueCrl(Instant thisUpdate, Duration validity) {
        try {
            X509Certificate caCert = ca.certificate();
            X509v2CRLBuilder builder = new JcaX509v2CRLBuilder(caCert, Date.from(thisUpdate));
            builder.setNextUpdate(Date.from(thisUpdate.plus(validity)));
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCert));
            // CRL numbers must grow; the issue time in milliseconds does without keeping a counter on disk.
            builder.addExtension(Extension.cRLNumber, false,
                    new CRLNumber(BigInteger.valueOf(thisUpdate.toEpochMilli())));
            return new JcaX509CRLConverter().getCRL(builder.build(signerFor(ca.privateKey())));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new PadesException("cannot issue a CRL: " + e.getMessage(), e);
        }
    }

    /** PEM text of a certificate, e.g. to hand the CA to a validator. */
    public static String toPem(X509Certificate certificate) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(text)) {
            pem.writeObject(certificate);
        } catch (IOException e) {
            throw new PadesException("cannot encode a certificate as PEM", e);
        }
        return text.toString();
    }

    // --- generation -----------------------------------------------------------------------------------------------

    private static SigningCredential newCa(Instant now) {
        KeyPair keys = rsaKeyPair();
        X500Name name = name("Signport Local Root CA");
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(CA_VALIDITY)), name, keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(b.build(signerFor(keys.getPrivate())));
            return new SigningCredential(keys.getPrivate(), List.of(cert));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new PadesException("cannot create the local CA: " + e.getMessage(), e);
        }
    }

    /** Non-repudiation next to digitalSignature marks it as a content commitment (signature) key, as PAdES expects. */
    private static SigningCredential newSigner(SigningCredential ca, Instant now) {
        return issue(ca, now, "Signport Local Document Signing", new KeyUsage(KeyUsage.digitalSignature
                | KeyUsage.nonRepudiation), null);
    }

    /** RFC 3161 §2.3: the TSA certificate carries exactly one extended key usage, id-kp-timeStamping, critical. */
    private static SigningCredential newTsa(SigningCredential ca, Instant now) {
        return issue(ca, now, "Signport Local Timestamp Authority", new KeyUsage(KeyUsage.digitalSignature),
                new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
    }

    private static SigningCredential issue(SigningCredential ca, Instant now, String commonName, KeyUsage keyUsage,
            ExtendedKeyUsage extendedKeyUsage) {
        KeyPair keys = rsaKeyPair();
        X509Certificate caCert = ca.certificate();
        Instant notAfter = now.plus(LEAF_VALIDITY);
        if (notAfter.isAfter(caCert.getNotAfter().toInstant())) {
            notAfter = caCert.getNotAfter().toInstant();
        }
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(caCert, serial(),
                    Date.from(now.minus(BACKDATE)), Date.from(notAfter), name(commonName), keys.getPublic());
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, keyUsage);
            if (extendedKeyUsage != null) {
                b.addExtension(Extension.extendedKeyUsage, true, extendedKeyUsage);
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(caCert));
            X509Certificate cert = new JcaX509CertificateConverter()
                    .getCertificate(b.build(signerFor(ca.privateKey())));
            return new SigningCredential(keys.getPrivate(), List.of(cert, caCert));
        } catch (IOException | GeneralSecurityException | OperatorCreationException e) {
            throw new PadesException("cannot issue the certificate " + commonName + ": " + e.getMessage(), e);
        }
    }

    private LocalPki renewedIfExpiring(Instant now) {
        Instant horizon = now.plus(RENEW_BEFORE);
        if (expiresBefore(ca, horizon)) {
            LOG.log(Level.WARNING, "The local CA expires before {0}: generating a new local PKI", horizon);
            return generate();
        }
        SigningCredential newSigner = expiresBefore(signer, horizon) ? newSigner(ca, now) : signer;
        SigningCredential newTsa = expiresBefore(tsa, horizon) ? newTsa(ca, now) : tsa;
        if (newSigner == signer && newTsa == tsa) {
            return this;
        }
        LOG.log(Level.INFO, "Re-issued expiring local signing/timestamping certificates under the same CA");
        return new LocalPki(ca, newSigner, newTsa);
    }

    private static boolean expiresBefore(SigningCredential credential, Instant horizon) {
        return credential.certificate().getNotAfter().toInstant().isBefore(horizon);
    }

    private void checkIssuedByCa(SigningCredential leaf) throws GeneralSecurityException {
        leaf.certificate().verify(ca.certificate().getPublicKey());
    }

    private static KeyPair rsaKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(RSA_BITS, RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new PadesException("cannot generate an RSA key", e);
        }
    }

    private static ContentSigner signerFor(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder("SHA256withRSA").build(key);
    }

    /** Random, positive and at most 20 octets, as RFC 5280 §4.1.2.2 requires. */
    private static BigInteger serial() {
        return new BigInteger(159, RANDOM).add(BigInteger.ONE);
    }

    private static X500Name name(String commonName) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "EU")
                .addRDN(BCStyle.O, "Signport (local sandbox, not for production)")
                .addRDN(BCStyle.CN, commonName)
                .build();
    }

    private static SigningCredential entry(KeyStore ks, String alias, char[] password) throws GeneralSecurityException {
        if (!ks.isKeyEntry(alias)) {
            throw new GeneralSecurityException("no key entry '" + alias + "'");
        }
        PrivateKey key = (PrivateKey) ks.getKey(alias, password);
        Certificate[] chain = ks.getCertificateChain(alias);
        return new SigningCredential(key, java.util.Arrays.stream(chain).map(X509Certificate.class::cast).toList());
    }

    private static Certificate[] certs(SigningCredential credential) {
        return credential.chain().toArray(new Certificate[0]);
    }

    private static Path newPrivateTempFile(Path dir) throws IOException {
        try {
            return Files.createTempFile(dir, ".pki", ".tmp",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException | FileAlreadyExistsException e) {
            return Files.createTempFile(dir, ".pki", ".tmp");
        }
    }
}
