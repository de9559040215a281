package dev.signport.envelope.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A document as signport.document-events.v1 described it. */
@Entity
@Table(name = "known_document")
public class KnownDocument extends PanacheEntityBase {
    @Id
    public String id;
    public String tenantId;
    public String kind;
    public String name;
    public long sizeBytes;
    public int pages;
    public String sha256;
    public String envelopeId;
    public boolean deleted;
    public Instant updatedAt;
}
