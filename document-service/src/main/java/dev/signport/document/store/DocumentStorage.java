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
     * Whether {@link #write} runs inside the transaction that inserts the document row (a backend
     * in the same database). A backend across the network is written BEFORE that transaction opens
     * (the id is known up front), so no transaction waits on it, and undone by {@link #remove} when
     * the transaction fails.
     */
    boolean transactional();

    /** Stores the spooled bytes: inside the row's transaction, or before it (see {@link #transactional}). */
    Uni<Void> write(String documentId, Spool spool);

    /** Streams {@code length} bytes from {@code offset}; called outside any transaction. */
    ByteStream read(String documentId, long offset, long length);

    /** Deletes the bytes (idempotent): after the row's deletion committed, or to undo a failed write. */
    Uni<Void> remove(String documentId);
}
