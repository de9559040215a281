package dev.signport.signer.sms;

import dev.signport.signer.config.SignerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;

/**
 * The local SMS gateway: every message becomes a file {@code <millis>-<seq>-<phone digits>.txt} in the outbox folder
 * (first line the phone number, then the text), written atomically so a reader never sees half a message. With
 * {@code signport.signer.sms.gateway=log-only} only the fact that a message was sent is logged (never its text:
 * it carries a code).
 */
@ApplicationScoped
public class OutboxSmsGateway implements SmsGateway {

    private static final Logger LOG = Logger.getLogger(OutboxSmsGateway.class);
    private final AtomicLong sequence = new AtomicLong();
    private final SignerConfig.Sms config;

    public OutboxSmsGateway(SignerConfig config) {
        this.config = config.sms();
    }

    @Override
    public void send(String phone, String text) {
        String digits = phone.replaceAll("[^0-9]", "");
        if ("log-only".equals(config.gateway())) {
            LOG.infof("SMS to …%s handed to the log-only gateway", digits.length() > 4
                    ? digits.substring(digits.length() - 4) : digits);
            return;
        }
        try {
            Path dir = Path.of(config.outboxDir());
            Files.createDirectories(dir);
            String name = Instant.now().toEpochMilli() + "-" + sequence.incrementAndGet() + "-" + digits + ".txt";
            Path tmp = dir.resolve("." + name + ".tmp");
            Files.writeString(tmp, phone + "\n" + text + "\n", StandardCharsets.UTF_8);
            Files.move(tmp, dir.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the SMS outbox " + config.outboxDir(), e);
        }
    }
}
