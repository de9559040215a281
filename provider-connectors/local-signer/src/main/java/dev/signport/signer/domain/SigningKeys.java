package dev.signport.signer.domain;

import dev.signport.pades.LocalPki;
import dev.signport.pades.PadesException;
import dev.signport.pades.SigningCredential;
import dev.signport.pades.TimestampSource;
import dev.signport.pades.TsaClient;
import dev.signport.pades.ValidationData;
import dev.signport.signer.config.SignerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The platform's signing key and what goes with it: the timestamp authority and the validation data added on
 * completion. Loaded once at boot; a missing or unreadable keystore fails the boot with the reason.
 */
@ApplicationScoped
public class SigningKeys {

    private static final Logger LOG = Logger.getLogger(SigningKeys.class);

    private final SigningCredential credential;
    /** Set only for the generated local PKI: it can issue the CRL that makes the chain verifiable offline. */
    private final LocalPki localPki;
    private final TimestampSource tsa;

    public SigningKeys(SignerConfig config) {
        SignerConfig.Keys keys = config.keys();
        char[] password = keys.password().toCharArray();
        if (keys.keystoreFile().isPresent()) {
            this.localPki = null;
            this.credential = fromKeystore(Path.of(keys.keystoreFile().get()), keys.keystoreAlias().orElse(null),
                    password);
        } else {
            Path dir = Path.of(keys.pkiDir().orElseThrow(() -> new IllegalStateException(
                    "set signport.signer.keys.keystore-file (your PKCS#12) or signport.signer.keys.pki-dir (a local CA "
                            + "generated on first start)")));
            this.localPki = LocalPki.loadOrCreate(dir, password);
            this.credential = localPki.signer();
        }
        X509Certificate anchor = credential.chain().get(credential.chain().size() - 1);
        this.tsa = config.tsaUrl().filter(u -> !u.isBlank())
                .map(u -> (TimestampSource) new TsaClient(URI.create(u), config.tsaTimeout(),
                        localPki == null ? null : localPki.caCertificate()))
                .orElse(null);
        LOG.infof("Signing as %s (issuer %s); timestamps %s", credential.certificate().getSubjectX500Principal(),
                anchor.getSubjectX500Principal(), tsa == null ? "off (PAdES B-B)" : "from " + config.tsaUrl().get());
    }

    public SigningCredential credential() {
        return credential;
    }

    /** The timestamp authority, or null when none is configured. */
    public TimestampSource tsa() {
        return tsa;
    }

    /** Certificates of the chain and, for the local CA, a fresh CRL: what a validator needs years from now. */
    public ValidationData validationData() {
        List<X509Certificate> certificates = new ArrayList<>(credential.chain());
        List<X509CRL> crls = localPki == null ? List.of()
                : List.of(localPki.issueCrl(Instant.now(), Duration.ofDays(30)));
        if (localPki != null) {
            certificates.addAll(localPki.tsa().chain());
        }
        return ValidationData.of(certificates, crls);
    }

    private static SigningCredential fromKeystore(Path file, String alias, char[] password) {
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, password);
            String chosen = alias;
            if (chosen == null) {
                for (String a : Collections.list(ks.aliases())) {
                    if (ks.isKeyEntry(a)) {
                        if (chosen != null) {
                            throw new IllegalStateException(file + " holds several keys: set "
                                    + "signport.signer.keys.keystore-alias");
                        }
                        chosen = a;
                    }
                }
            }
            if (chosen == null || !ks.isKeyEntry(chosen)) {
                throw new IllegalStateException(file + " has no key entry" + (alias == null ? "" : " " + alias));
            }
            PrivateKey key = (PrivateKey) ks.getKey(chosen, password);
            List<X509Certificate> chain = new ArrayList<>();
            for (Certificate c : ks.getCertificateChain(chosen)) {
                chain.add((X509Certificate) c);
            }
            return new SigningCredential(key, chain);
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new PadesException("cannot load the signing keystore " + file + ": " + e.getMessage(), e);
        }
    }
}
