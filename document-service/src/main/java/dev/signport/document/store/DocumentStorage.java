package dev.signport.document.store;

import dev.signport.document.domain.Spool;
import io.smallrye.mutiny.Uni;

/**
 * Where the bytes of documents live. Metadata always stays in PostgreSQL; this is only the bytes,
 * addressed by document id. Every method must be called on the Vert.x context of the request.
 */
public interface DocumentStorage {

    /** The backend's name, recorded with each document written to it. */
    String id();

    /**
     * Stores the spooled bytes. Called inside the transaction that inserts the document row: a
     * transactional backend writes in it; the others write at once and are undone by {@link #remove}
     * when that transaction fails.
     */
    Uni<Void> write(String documentId, Spool spool);

    /** Streams {@code length} bytes from {@code offset}; called outside any transaction. */
    ByteStream read(String documentId, long offset, long length);

    /** Deletes the bytes (idempotent): after the row's deletion committed, or to undo a failed write. */
    Uni<Void> remove(String documentId);
}
