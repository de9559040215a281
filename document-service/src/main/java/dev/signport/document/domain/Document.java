package dev.signport.document.domain;

import dev.signport.contracts.document.DocumentKind;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;

/** A stored PDF: its metadata row; the bytes live in the storage backend named by {@link #storage}. */
@Entity
@Table(name = "document")
public class Document extends PanacheEntityBase {

    @Id
    public String id;
    public String tenantId;
    public String name;
    public long sizeBytes;
    public int pages;
    public String sha256;
    @Enumerated(EnumType.STRING)
    public DocumentKind kind;
    /** The envelope a produced PDF (signed document, audit trail) belongs to; null for uploads. */
    public String envelopeId;
    /** Backend holding the bytes ({@code postgres} or {@code s3}). */
    public String storage;
    public Instant createdAt;
}
