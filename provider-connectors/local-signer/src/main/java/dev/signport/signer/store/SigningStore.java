package dev.signport.signer.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * JDBC access to the signer's tables. Signing is blocking work anyway (PDFBox on a bounded pool), so the signing
 * page's routes run on worker threads and use plain transactions: {@link #inTransaction} commits or rolls back
 * everything a step wrote, the envelope row lock included.
 */
@ApplicationScoped
public class SigningStore {

    /** Work done inside one transaction. */
    @FunctionalInterface
    public interface Tx<T> {
        T run(Connection c) throws SQLException;
    }

    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {};
    private static final TypeReference<List<Rows.Field>> FIELDS = new TypeReference<>() {};

    private final AgroalDataSource dataSource;
    private final ObjectMapper json;

    public SigningStore(AgroalDataSource dataSource, ObjectMapper json) {
        this.dataSource = dataSource;
        this.json = json;
    }

    public <T> T inTransaction(Tx<T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (RuntimeException | SQLException | Error e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("database: " + e.getMessage(), e);
        }
    }

    // --- envelopes ------------------------------------------------------------------------------------

    public Rows.Envelope envelope(Connection c, String id, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select * from signing_envelope where id = ?"
                + (lock ? " for update" : ""))) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? envelope(rs) : null;
            }
        }
    }

    public void insertEnvelope(Connection c, Rows.Envelope e, Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into signing_envelope (id, tenant_id, mode, subject, message, locale, signing_order,
                    signature_level, state, state_at, current_step, expires_at, frame_ancestors, callback_token_sealed,
                    created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, e.id());
            ps.setString(2, e.tenantId());
            ps.setString(3, e.mode());
            ps.setString(4, e.subject());
            ps.setString(5, e.message());
            ps.setString(6, e.locale());
            ps.setString(7, e.signingOrder());
            ps.setString(8, e.signatureLevel());
            ps.setString(9, e.state());
            setInstant(ps, 10, now);
            ps.setInt(11, e.currentStep());
            setInstant(ps, 12, e.expiresAt());
            ps.setString(13, write(e.frameAncestors()));
            ps.setString(14, e.callbackTokenSealed());
            setInstant(ps, 15, now);
            setInstant(ps, 16, now);
            ps.executeUpdate();
        }
    }

    public void updateEnvelopeState(Connection c, String id, String state, String reason, int currentStep,
            Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                update signing_envelope set state = ?, reason = coalesce(?, reason), current_step = ?,
                    state_at = case when state = ? then state_at else ? end, updated_at = ? where id = ?""")) {
            ps.setString(1, state);
            ps.setString(2, reason);
            ps.setInt(3, currentStep);
            ps.setString(4, state);
            setInstant(ps, 5, now);
            setInstant(ps, 6, now);
            ps.setString(7, id);
            ps.executeUpdate();
        }
    }

    private Rows.Envelope envelope(ResultSet rs) throws SQLException {
        return new Rows.Envelope(rs.getString("id"), rs.getString("tenant_id"), rs.getString("mode"),
                rs.getString("subject"), rs.getString("message"), rs.getString("locale"),
                rs.getString("signing_order"), rs.getString("signature_level"), rs.getString("state"),
                instant(rs, "state_at"), rs.getString("reason"), rs.getInt("current_step"),
                instant(rs, "expires_at"), read(rs.getString("frame_ancestors"), STRINGS),
                rs.getString("callback_token_sealed"));
    }

    // --- documents ------------------------------------------------------------------------------------

    public void insertDocument(Connection c, Rows.Document d) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into signing_document (envelope_id, position, document_id, name, pages, original_sha256,
                    current_sha256, content) values (?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, d.envelopeId());
            ps.setInt(2, d.position());
            ps.setString(3, d.documentId());
            ps.setString(4, d.name());
            ps.setInt(5, d.pages());
            ps.setString(6, d.originalSha256());
            ps.setString(7, d.currentSha256());
            ps.setBytes(8, d.content());
            ps.executeUpdate();
        }
    }

    public List<Rows.Document> documents(Connection c, String envelopeId, boolean withContent) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select envelope_id, position, document_id, name, pages, "
                + "original_sha256, current_sha256" + (withContent ? ", content" : "")
                + " from signing_document where envelope_id = ? order by position")) {
            ps.setString(1, envelopeId);
            List<Rows.Document> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Rows.Document(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                            rs.getInt(5), rs.getString(6), rs.getString(7), withContent ? rs.getBytes(8) : null));
                }
            }
            return out;
        }
    }

    public Rows.Document document(Connection c, String envelopeId, int position) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select envelope_id, position, document_id, name, pages, "
                + "original_sha256, current_sha256, content from signing_document where envelope_id = ? "
                + "and position = ?")) {
            ps.setString(1, envelopeId);
            ps.setInt(2, position);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? new Rows.Document(rs.getString(1), rs.getInt(2), rs.getString(3),
                        rs.getString(4), rs.getInt(5), rs.getString(6), rs.getString(7), rs.getBytes(8)) : null;
            }
        }
    }

    public void updateDocument(Connection c, String envelopeId, int position, byte[] content, String sha256)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update signing_document set content = ?, current_sha256 = ? where envelope_id = ? and position = ?")) {
            ps.setBytes(1, content);
            ps.setString(2, sha256);
            ps.setString(3, envelopeId);
            ps.setInt(4, position);
            ps.executeUpdate();
        }
    }

    // --- sessions -------------------------------------------------------------------------------------

    public void insertSession(Connection c, Rows.Session s, String tokenHash) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("""
                insert into signing_session (id, envelope_id, recipient_id, email, name, phone, role, step, fields,
                    token_hash, token_sealed, auth_method, access_code_hash, state, state_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            ps.setString(1, s.id());
            ps.setString(2, s.envelopeId());
            ps.setString(3, s.recipientId());
            ps.setString(4, s.email());
            ps.setString(5, s.name());
            ps.setString(6, s.phone());
            ps.setString(7, s.role());
            ps.setInt(8, s.step());
            ps.setString(9, write(s.fields()));
            ps.setString(10, tokenHash);
            ps.setString(11, s.tokenSealed());
            ps.setString(12, s.authMethod());
            ps.setString(13, s.accessCodeHash());
            ps.setString(14, s.state());
            setInstant(ps, 15, s.stateAt());
            ps.executeUpdate();
        }
    }

    public Rows.Session sessionByTokenHash(Connection c, String tokenHash, boolean lock) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select * from signing_session where token_hash = ?"
                + (lock ? " for update" : ""))) {
            ps.setString(1, tokenHash);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? session(rs) : null;
            }
        }
    }

    public Rows.Session session(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select * from signing_session where id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? session(rs) : null;
            }
        }
    }

    public List<Rows.Session> sessions(Connection c, String envelopeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select * from signing_session where envelope_id = ? order by step, recipient_id")) {
            ps.setString(1, envelopeId);
            List<Rows.Session> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(session(rs));
                }
            }
            return out;
        }
    }

    /** Moves a session to {@code state} (NOTIFIED, VIEWED, SIGNED, DECLINED) with its evidence. */
    public void updateSessionState(Connection c, String id, String state, Instant at, String declineReason,
            String evidenceJson) throws SQLException {
        boolean viewed = "VIEWED".equals(state);
        try (PreparedStatement ps = c.prepareStatement("update signing_session set state = ?, state_at = ?, "
                + (viewed ? "viewed_at = ?, view_evidence = ? " : "decline_reason = coalesce(?, decline_reason), "
                        + "evidence = coalesce(?, evidence) ")
                + "where id = ?")) {
            ps.setString(1, state);
            setInstant(ps, 2, at);
            if (viewed) {
                setInstant(ps, 3, at);
            } else {
                ps.setString(3, declineReason);
            }
            ps.setString(4, evidenceJson);
            ps.setString(5, id);
            ps.executeUpdate();
        }
    }

    public void updateOtp(Connection c, String id, String otpHash, Instant expiresAt, Instant sentAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update signing_session set otp_hash = ?, otp_expires_at = ?, "
                + "otp_sent_at = ?, otp_sends = otp_sends + 1 where id = ?")) {
            ps.setString(1, otpHash);
            setInstant(ps, 2, expiresAt);
            setInstant(ps, 3, sentAt);
            ps.setString(4, id);
            ps.executeUpdate();
        }
    }

    public void recordAuthFailure(Connection c, String id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "update signing_session set auth_failures = auth_failures + 1 where id = ?")) {
            ps.setString(1, id);
            ps.executeUpdate();
        }
    }

    public void grant(Connection c, String id, String grantHash, Instant until) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("update signing_session set auth_grant_hash = ?, "
                + "auth_grant_until = ?, otp_hash = null, otp_expires_at = null where id = ?")) {
            ps.setString(1, grantHash);
            setInstant(ps, 2, until);
            ps.setString(3, id);
            ps.executeUpdate();
        }
    }

    private Rows.Session session(ResultSet rs) throws SQLException {
        return new Rows.Session(rs.getString("id"), rs.getString("envelope_id"), rs.getString("recipient_id"),
                rs.getString("email"), rs.getString("name"), rs.getString("phone"), rs.getString("role"),
                rs.getInt("step"), read(rs.getString("fields"), FIELDS), rs.getString("token_sealed"),
                rs.getString("auth_method"), rs.getString("access_code_hash"), rs.getString("otp_hash"),
                instant(rs, "otp_expires_at"), instant(rs, "otp_sent_at"), rs.getInt("otp_sends"),
                rs.getInt("auth_failures"), rs.getString("auth_grant_hash"), instant(rs, "auth_grant_until"),
                rs.getString("state"), instant(rs, "state_at"), instant(rs, "viewed_at"),
                rs.getString("decline_reason"), rs.getString("view_evidence"), rs.getString("evidence"));
    }

    // --- events and mail ------------------------------------------------------------------------------

    public void event(Connection c, String envelopeId, String sessionId, Instant at, String kind, String ip,
            String userAgent, String detail) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into signing_event (envelope_id, session_id, at, kind, "
                + "ip, user_agent, detail) values (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, envelopeId);
            ps.setString(2, sessionId);
            setInstant(ps, 3, at);
            ps.setString(4, kind);
            ps.setString(5, ip);
            ps.setString(6, userAgent);
            ps.setString(7, detail);
            ps.executeUpdate();
        }
    }

    public void queueMail(Connection c, String envelopeId, String sessionId, String kind, String secretSealed,
            Instant now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into mail_outbox (envelope_id, session_id, kind, "
                + "secret_sealed, next_attempt_at, created_at) values (?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, envelopeId);
            ps.setString(2, sessionId);
            ps.setString(3, kind);
            ps.setString(4, secretSealed);
            setInstant(ps, 5, now);
            setInstant(ps, 6, now);
            ps.executeUpdate();
        }
    }

    // --- helpers --------------------------------------------------------------------------------------

    public String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private <T> T read(String value, TypeReference<T> type) {
        try {
            return json.readValue(value, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static void setInstant(PreparedStatement ps, int index, Instant value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            ps.setTimestamp(index, Timestamp.from(value));
        }
    }

    public static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
