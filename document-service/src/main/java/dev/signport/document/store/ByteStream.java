package dev.signport.document.store;

import io.smallrye.mutiny.Uni;

/** A pull-based stream of a document's bytes: the reader asks for the next piece when it can send it. */
public interface ByteStream {

    /** The next piece, or null at the end. Never called again before the previous one completed. */
    Uni<byte[]> next();

    /** Releases what the stream holds; called once, also when the reader gives up early. */
    void close();
}
