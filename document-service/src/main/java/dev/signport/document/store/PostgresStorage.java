package dev.signport.document.store;

import dev.signport.platform.util.Workers;
import dev.signport.document.config.DocumentConfig;
import dev.signport.document.domain.Spool;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowIterator;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Stores bytes in PostgreSQL as {@code document_chunk} rows (one per chunk, keyed by its offset),
 * written in the same transaction as the document row, so a rollback leaves nothing behind and a
 * row never exists without its bytes. Reads fetch one chunk at a time, so neither direction ever
 * holds more than a chunk of a document in memory. Chunks go with their row (ON DELETE CASCADE).
 */
@ApplicationScoped
public class PostgresStorage implements DocumentStorage {

    public static final String ID = DocumentConfig.StorageKind.POSTGRES.id();

    private static final String INSERT = "insert into document_chunk(document_id, start_offset, data) values (?1, ?2, ?3)";
    private static final String CHUNK_AT = "select start_offset, data from document_chunk"
            + " where document_id = $1 and start_offset <= $2 order by start_offset desc limit 1";

    private final Pool pool;
    private final int chunkSize;

    public PostgresStorage(Pool pool, DocumentConfig config) {
        this.pool = pool;
        this.chunkSize = (int) Math.min(config.postgres().chunkSize().asLongValue(), 64L * 1024 * 1024);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean transactional() {
        return true;
    }

    @Override
    public Uni<Void> write(String documentId, Spool spool) {
        int chunks = (int) ((spool.size() + chunkSize - 1) / chunkSize);
        // One chunk after the other, each released once inserted (a recursive Uni chain would keep
        // every chunk reachable until the last one is written).
        return Multi.createFrom().range(0, chunks)
                .onItem().transformToUniAndConcatenate(i -> writeChunk(documentId, spool, (long) i * chunkSize))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Integer> writeChunk(String documentId, Spool spool, long offset) {
        // Reading the spool file is blocking IO: a worker reads, the insert runs back on the context.
        Uni<byte[]> chunk = spool.file() == null ? Uni.createFrom().item(() -> read(spool, offset))
                : Workers.call(() -> read(spool, offset));
        return chunk.flatMap(bytes -> Panache.getSession().flatMap(s -> s.createNativeQuery(INSERT)
                .setParameter(1, documentId)
                .setParameter(2, offset)
                .setParameter(3, bytes)
                .executeUpdate()));
    }

    private byte[] read(Spool spool, long offset) {
        try {
            return spool.read(offset, chunkSize);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public ByteStream read(String documentId, long offset, long length) {
        long end = offset + length;
        return new ByteStream() {
            private long position = offset;

            @Override
            public Uni<byte[]> next() {
                if (position >= end) {
                    return Uni.createFrom().nullItem();
                }
                return pool.preparedQuery(CHUNK_AT).execute(Tuple.of(documentId, position)).map(rows -> {
                    RowIterator<Row> it = rows.iterator();
                    if (!it.hasNext()) {
                        throw new IllegalStateException("Document " + documentId + " has no bytes at " + position);
                    }
                    Row row = it.next();
                    long start = row.getLong(0);
                    var data = row.getBuffer(1);
                    int from = (int) (position - start);
                    int to = (int) Math.min(data.length(), end - start);
                    if (from >= to) {
                        throw new IllegalStateException("Document " + documentId + " has no bytes at " + position);
                    }
                    byte[] out = data.getBytes(from, to);
                    position += out.length;
                    return out;
                });
            }

            @Override
            public void close() {
                // nothing held between chunks
            }
        };
    }

    @Override
    public Uni<Void> remove(String documentId) {
        // Nothing to do: chunks are written in the row's transaction (a failed upload rolls them
        // back) and deleted with the row (ON DELETE CASCADE).
        return Uni.createFrom().voidItem();
    }
}
