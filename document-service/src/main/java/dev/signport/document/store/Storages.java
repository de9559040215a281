package dev.signport.document.store;

import dev.signport.document.config.DocumentConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** Picks the backend for new documents (from config) and the one holding an existing document. */
@ApplicationScoped
public class Storages {

    private final DocumentConfig config;
    private final PostgresStorage postgres;
    private final S3Storage s3;

    public Storages(DocumentConfig config, PostgresStorage postgres, S3Storage s3) {
        this.config = config;
        this.postgres = postgres;
        this.s3 = s3;
    }

    /** The backend new documents are written to. */
    public DocumentStorage active() {
        return config.storage() == DocumentConfig.StorageKind.S3 ? s3 : postgres;
    }

    /** The backend a document was written to. */
    public DocumentStorage of(String id) {
        if (postgres.id().equals(id)) {
            return postgres;
        }
        if (s3.id().equals(id)) {
            return s3;
        }
        throw new IllegalStateException("Unknown storage backend '" + id + "'");
    }
}
