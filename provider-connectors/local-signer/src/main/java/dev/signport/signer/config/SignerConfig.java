package dev.signport.signer.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Settings of the built-in signer ({@code signport.signer.*}). */
@ConfigMapping(prefix = "signport.signer")
public interface SignerConfig {

    /** Public base URL of the signing page: links are {@code <public-url>/sign/local/<token>}. */
    String publicUrl();

    /** Lifetime of a signing link when the envelope has no expiry of its own. */
    @WithDefault("P30D")
    Duration linkTtl();

    /** The consent statement a signer accepts; recorded with each signature. */
    @WithDefault("I have reviewed the document(s) above and I sign them electronically. I agree that my electronic signature is the legal equivalent of my handwritten signature.")
    String consentText();

    Keys keys();

    /** RFC 3161 timestamp authority: signatures are B-T and completed documents B-LTA when set, else B-B. */
    Optional<String> tsaUrl();

    @WithDefault("PT10S")
    Duration tsaTimeout();

    Otp otp();

    Mail mail();

    Sms sms();

    Work work();

    /**
     * The signing key. Either a PKCS#12 keystore of your own ({@code keystore-file}, with the signing key under
     * {@code keystore-alias} or the only key entry), or — the local stack — a CA and signing certificate generated
     * in {@code pki-dir} on first start and reused after.
     */
    interface Keys {

        Optional<String> keystoreFile();

        Optional<String> keystoreAlias();

        Optional<String> pkiDir();

        /** Password of the keystore (or of the generated PKI). */
        String password();
    }

    /** One-time codes (email or SMS). */
    interface Otp {

        @WithDefault("PT10M")
        Duration ttl();

        /** Wrong codes or access codes before the link is locked for good (the sender must resend the envelope). */
        @WithDefault("5")
        int maxFailures();

        /** A new code may be asked for after this long. */
        @WithDefault("PT30S")
        Duration resendAfter();

        @WithDefault("5")
        int maxSends();

        /** How long an authenticated signing page stays authenticated. */
        @WithDefault("PT1H")
        Duration grantTtl();
    }

    interface Mail {

        @WithDefault("Signport <no-reply@signport.local>")
        String from();

        /** How often the outbox is looked at. */
        @WithDefault("PT1S")
        Duration tick();

        @WithDefault("12")
        int maxAttempts();

        /** Attach the signed PDF to the completion notice up to this size. */
        @WithDefault("10485760")
        long maxAttachmentBytes();
    }

    interface Sms {

        /** {@code outbox}: messages are written as files to {@code outbox-dir} (the local stack); {@code log-only}. */
        @WithDefault("outbox")
        String gateway();

        @WithDefault("target/sms-outbox")
        String outboxDir();
    }

    /** The bounded pool that parses, renders and signs untrusted PDFs. */
    interface Work {

        /** Threads doing PDF work at once (each may hold a document and its buffers). */
        @WithDefault("2")
        int threads();

        /** Requests waiting for a thread; beyond it a page answers 503 with Retry-After. */
        @WithDefault("16")
        int queue();

        /** A page render or anchor search taking longer is abandoned with a clear error. */
        @WithDefault("PT20S")
        Duration timeout();

        @WithDefault("110")
        int renderDpi();

        @WithDefault("1800")
        int renderMaxSide();

        /** What a page may decode to (content, forms, fonts, images): beyond it the document is refused. */
        @WithDefault("67108864")
        long maxDecodedBytesPerPage();

        @WithDefault("40000000")
        long maxImagePixels();
    }
}
