package dev.signport.envelope.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** One line of an envelope's audit trail, written in the transaction of what it records. */
@Entity
@Table(name = "audit_entry")
public class AuditEntry extends PanacheEntityBase {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    public String envelopeId;
    public String tenantId;
    public Instant at;
    public String event;
    public String actor;
    public String ip;
    public String userAgent;
    public String detail;

    public static AuditEntry of(String envelopeId, String tenantId, Instant at, String event, String actor,
            String ip, String userAgent, String detail) {
        AuditEntry e = new AuditEntry();
        e.envelopeId = envelopeId;
        e.tenantId = tenantId;
        e.at = at;
        e.event = event;
        e.actor = actor;
        e.ip = ip;
        e.userAgent = userAgent;
        e.detail = detail;
        return e;
    }
}
