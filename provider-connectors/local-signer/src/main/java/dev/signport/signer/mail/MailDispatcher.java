package dev.signport.signer.mail;

import dev.signport.connector.core.domain.SecretBox;
import dev.signport.signer.config.SignerConfig;
import dev.signport.signer.domain.SigningService;
import dev.signport.signer.store.Rows;
import dev.signport.signer.store.SigningStore;
import io.agroal.api.AgroalDataSource;
import io.quarkus.mailer.Mail;
import io.quarkus.mailer.Mailer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Sends what {@code mail_outbox} holds: invitations (with the signing link), one-time codes, and the notices of
 * completion (with the signed PDF attached), decline and cancellation. Rows are claimed with {@code FOR UPDATE SKIP
 * LOCKED} and a lease, so replicas share the work and a crash mid-send only re-sends after the lease; a failure is
 * retried with exponential backoff up to {@code mail.max-attempts}. Bodies are rendered here, at send time, from the
 * session: no link is stored in the outbox, and a code is erased once sent.
 */
@ApplicationScoped
public class MailDispatcher {

    private static final Logger LOG = Logger.getLogger(MailDispatcher.class);
    private static final int BATCH = 20;
    private static final Duration LEASE = Duration.ofMinutes(2);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private record Job(long id, String envelopeId, String sessionId, String kind, String secretSealed, int attempts) {}

    private final AgroalDataSource dataSource;
    private final SigningStore store;
    private final SecretBox secrets;
    private final Mailer mailer;
    private final SigningService signing;
    private final SignerConfig config;
    private ScheduledExecutorService timer;

    public MailDispatcher(AgroalDataSource dataSource, SigningStore store, SecretBox secrets, Mailer mailer,
            SigningService signing, SignerConfig config) {
        this.dataSource = dataSource;
        this.store = store;
        this.secrets = secrets;
        this.mailer = mailer;
        this.signing = signing;
        this.config = config;
    }

    void start(@Observes StartupEvent ignored) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "mail-dispatcher");
            t.setDaemon(true);
            return t;
        });
        long tick = config.mail().tick().toMillis();
        timer.scheduleWithFixedDelay(this::drain, tick, tick, TimeUnit.MILLISECONDS);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (timer != null) {
            timer.shutdownNow();
        }
    }

    /** Sends everything due, batch after batch. */
    public void drain() {
        try {
            List<Job> jobs;
            do {
                jobs = claim();
                for (Job job : jobs) {
                    deliver(job);
                }
            } while (jobs.size() == BATCH);
        } catch (RuntimeException | SQLException e) {
            LOG.warnf("Mail outbox: %s (retried at the next tick)", e.toString());
        }
    }

    private List<Job> claim() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("""
                        update mail_outbox set claimed_until = now() + make_interval(secs => ?)
                        where id in (select id from mail_outbox
                                     where sent_at is null and next_attempt_at <= now()
                                       and (claimed_until is null or claimed_until < now())
                                     order by next_attempt_at limit ? for update skip locked)
                        returning id, envelope_id, session_id, kind, secret_sealed, attempts""")) {
            ps.setLong(1, LEASE.toSeconds());
            ps.setInt(2, BATCH);
            List<Job> jobs = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    jobs.add(new Job(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getInt(6)));
                }
            }
            return jobs;
        }
    }

    private void deliver(Job job) throws SQLException {
        Mail mail;
        try {
            mail = store.inTransaction(c -> render(c, job));
        } catch (RuntimeException e) {
            LOG.warnf("Mail %d (%s) cannot be rendered: %s; dropped", job.id(), job.kind(), e.toString());
            finish(job.id(), "not rendered: " + e.getMessage());
            return;
        }
        if (mail == null) {
            finish(job.id(), "nothing to send");
            return;
        }
        try {
            mailer.send(mail);
            finish(job.id(), null);
            LOG.debugf("Mail %d (%s) sent for envelope %s", job.id(), job.kind(), job.envelopeId());
        } catch (RuntimeException e) {
            int attempts = job.attempts() + 1;
            boolean last = attempts >= config.mail().maxAttempts();
            Duration backoff = Duration.ofSeconds(Math.min(MAX_BACKOFF.toSeconds(), 1L << Math.min(attempts * 2, 20)));
            LOG.warnf("Mail %d (%s) for envelope %s failed (attempt %d%s): %s", job.id(), job.kind(),
                    job.envelopeId(), attempts, last ? ", giving up" : "", e.toString());
            try (Connection c = dataSource.getConnection();
                    PreparedStatement ps = c.prepareStatement("""
                            update mail_outbox set attempts = ?, claimed_until = null, last_error = ?,
                                next_attempt_at = case when ? then 'infinity'::timestamptz
                                                       else now() + make_interval(secs => ?) end
                            where id = ?""")) {
                ps.setInt(1, attempts);
                ps.setString(2, truncate(e.toString(), 500));
                ps.setBoolean(3, last);
                ps.setLong(4, backoff.toSeconds());
                ps.setLong(5, job.id());
                ps.executeUpdate();
            }
        }
    }

    private void finish(long id, String note) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement("update mail_outbox set sent_at = now(), secret_sealed = null, "
                        + "claimed_until = null, last_error = ? where id = ?")) {
            ps.setString(1, note);
            ps.setLong(2, id);
            ps.executeUpdate();
        }
    }

    private Mail render(Connection c, Job job) throws SQLException {
        Rows.Session s = store.session(c, job.sessionId());
        Rows.Envelope e = store.envelope(c, job.envelopeId(), false);
        if (s == null || e == null) {
            return null;
        }
        String link = signing.signUrl(secrets.open(s.tokenSealed()));
        String hello = "Hello " + s.name() + ",";
        Mail mail;
        switch (job.kind()) {
            case "INVITATION" -> {
                if (!e.inProgress() || s.finished()) {
                    return null;
                }
                String message = e.message() == null || e.message().isBlank() ? "" : e.message().strip() + "\n\n";
                String text = hello + "\n\nyou are asked to sign \"" + e.subject() + "\".\n\n" + message
                        + "Review and sign: " + link + "\n\n"
                        + (s.authMethod() == null ? "" : authHint(s.authMethod()) + "\n\n")
                        + "This link is personal: do not forward it. It expires "
                        + (e.expiresAt() == null ? "when the envelope closes" : "on " + e.expiresAt()) + ".\n";
                String html = "<p>" + esc(hello) + "</p><p>you are asked to sign <b>" + esc(e.subject())
                        + "</b>.</p>" + (message.isEmpty() ? "" : "<p>" + esc(message.strip()) + "</p>")
                        + "<p><a href=\"" + esc(link) + "\">Review and sign</a></p>"
                        + (s.authMethod() == null ? "" : "<p>" + esc(authHint(s.authMethod())) + "</p>")
                        + "<p style=\"color:#666\">This link is personal: do not forward it.</p>";
                mail = Mail.withText(s.email(), "Please sign: " + e.subject(), text).setHtml(html);
            }
            case "OTP" -> {
                if (job.secretSealed() == null) {
                    return null;
                }
                String code = secrets.open(job.secretSealed());
                mail = Mail.withText(s.email(), "Your signing code: " + code, hello + "\n\nyour code to sign \""
                        + e.subject() + "\" is " + code + ". It is valid for "
                        + config.otp().ttl().toMinutes() + " minutes.\n\nIf you did not ask for it, ignore this mail.\n");
            }
            case "COMPLETED" -> {
                Rows.Document doc = store.document(c, e.id(), 0);
                mail = Mail.withText(s.email(), "Completed: " + e.subject(), hello + "\n\n\"" + e.subject()
                        + "\" has been signed by everyone. "
                        + (doc.content().length <= config.mail().maxAttachmentBytes()
                                ? "The signed document is attached." : "The sender has the signed document.") + "\n");
                if (doc.content().length <= config.mail().maxAttachmentBytes()) {
                    mail.addAttachment(signedName(doc.name()), doc.content(), "application/pdf");
                }
            }
            case "DECLINED" -> mail = Mail.withText(s.email(), "Declined: " + e.subject(), hello + "\n\n\""
                    + e.subject() + "\" was declined and will not be completed.\n"
                    + (e.reason() == null ? "" : "Reason: " + e.reason() + "\n"));
            case "CANCELLED" -> mail = Mail.withText(s.email(), "Cancelled: " + e.subject(), hello + "\n\n\""
                    + e.subject() + "\" was cancelled by the sender; your signature is no longer needed.\n");
            default -> {
                return null;
            }
        }
        return mail.setFrom(config.mail().from());
    }

    private static String authHint(String method) {
        return switch (method) {
            case "EMAIL_OTP" -> "You will confirm with a code sent to this address.";
            case "SMS_OTP" -> "You will confirm with a code sent to your phone.";
            case "ACCESS_CODE" -> "You will need the access code the sender gave you.";
            default -> "";
        };
    }

    private static String signedName(String name) {
        String base = name.toLowerCase().endsWith(".pdf") ? name.substring(0, name.length() - 4) : name;
        return base + "-signed.pdf";
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** For the tests: the mail count still to send. */
    public long pending() {
        return store.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("select count(*) from mail_outbox where sent_at is null "
                    + "and next_attempt_at < 'infinity'"); ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    static Instant now() {
        return Instant.now();
    }
}
