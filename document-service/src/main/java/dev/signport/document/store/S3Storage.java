package dev.signport.document.store;

import dev.signport.platform.util.Workers;
import dev.signport.document.config.DocumentConfig;
import dev.signport.document.domain.Spool;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Stores bytes as one object per document in an S3-compatible bucket, through the AWS SDK v2 sync
 * client on worker threads. Uploads stream from the spool file; reads stream ranged GETs in
 * 64 KiB pieces. The object is written before the row's transaction opens (no network I/O inside
 * a transaction), and removed again if that transaction fails; a deleted row's object is removed
 * after the commit.
 */
@ApplicationScoped
public class S3Storage implements DocumentStorage {

    public static final String ID = DocumentConfig.StorageKind.S3.id();

    private static final Logger LOG = Logger.getLogger(S3Storage.class);
    private static final int READ_PIECE = 64 * 1024;

    private final DocumentConfig.S3 config;
    private volatile S3Client client;

    public S3Storage(DocumentConfig config) {
        this.config = config.s3();
    }

    @Override
    public String id() {
        return ID;
    }

    /** The object key of a document. */
    public String key(String documentId) {
        return config.keyPrefix() + documentId;
    }

    public String bucket() {
        return config.bucket();
    }

    @Override
    public boolean transactional() {
        return false;
    }

    @Override
    public Uni<Void> write(String documentId, Spool spool) {
        return Workers.run(() -> {
            RequestBody body = spool.file() != null ? RequestBody.fromFile(spool.file())
                    : RequestBody.fromBytes(spool.bytes());
            client().putObject(b -> b.bucket(config.bucket()).key(key(documentId))
                    .contentType("application/pdf").contentLength(spool.size()), body);
        });
    }

    @Override
    public ByteStream read(String documentId, long offset, long length) {
        return new ByteStream() {
            private volatile ResponseInputStream<GetObjectResponse> in;
            private volatile long remaining = length;

            @Override
            public Uni<byte[]> next() {
                if (remaining <= 0) {
                    return Uni.createFrom().nullItem();
                }
                return Workers.call(() -> {
                    if (in == null) {
                        String range = "bytes=" + offset + "-" + (offset + length - 1);
                        in = client().getObject(b -> b.bucket(config.bucket()).key(key(documentId)).range(range));
                    }
                    byte[] piece = in.readNBytes((int) Math.min(READ_PIECE, remaining));
                    if (piece.length == 0) {
                        throw new IOException("Object of " + documentId + " ended " + remaining + " bytes early");
                    }
                    remaining -= piece.length;
                    return piece;
                });
            }

            @Override
            public void close() {
                ResponseInputStream<GetObjectResponse> s = in;
                if (s != null) {
                    // Aborting drops the HTTP connection instead of draining the rest of the object.
                    Workers.run(() -> {
                        if (remaining > 0) {
                            s.abort();
                        }
                        s.close();
                    }).subscribe().with(ignored -> {}, e -> LOG.debugf("Closing S3 stream: %s", e.toString()));
                }
            }
        };
    }

    @Override
    public Uni<Void> remove(String documentId) {
        return Workers.run(() -> client().deleteObject(b -> b.bucket(config.bucket()).key(key(documentId))));
    }

    /** The client, built on first use so that deployments storing in PostgreSQL need no S3 settings. */
    public S3Client client() {
        S3Client c = client;
        if (c == null) {
            synchronized (this) {
                c = client;
                if (c == null) {
                    c = build();
                    if (config.createBucket()) {
                        ensureBucket(c);
                    }
                    client = c;
                }
            }
        }
        return c;
    }

    private S3Client build() {
        AwsCredentialsProvider credentials = config.accessKeyId().isPresent()
                ? StaticCredentialsProvider.create(AwsBasicCredentials.create(config.accessKeyId().get(),
                        config.secretAccessKey().orElseThrow(() -> new IllegalStateException(
                                "signport.documents.s3.secret-access-key is required with access-key-id"))))
                : DefaultCredentialsProvider.builder().build();
        S3ClientBuilder b = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder().maxConnections(64))
                .region(Region.of(config.region()))
                .credentialsProvider(credentials)
                .forcePathStyle(config.pathStyle())
                // Only send/verify checksums S3 requires: many S3-compatible servers reject the
                // newer trailing-checksum uploads the SDK would otherwise use by default.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        config.endpoint().ifPresent(b::endpointOverride);
        return b.build();
    }

    private void ensureBucket(S3Client c) {
        try {
            c.headBucket(b -> b.bucket(config.bucket()));
        } catch (NoSuchBucketException e) {
            create(c);
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            create(c);
        }
    }

    private void create(S3Client c) {
        LOG.infof("Creating bucket %s", config.bucket());
        c.createBucket(b -> b.bucket(config.bucket()));
    }

    void stop(@Observes ShutdownEvent ignored) {
        S3Client c = client;
        if (c != null) {
            c.close();
        }
    }
}
