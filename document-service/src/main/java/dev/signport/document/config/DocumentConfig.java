package dev.signport.document.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithConverter;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Upload limits, spooling and the storage backend of document-service. */
@ConfigMapping(prefix = "signport.documents")
public interface DocumentConfig {

    /** Largest PDF accepted, whatever the upload form; bigger uploads get 413 as soon as that is known. */
    @WithDefault("50M")
    @WithConverter(MemorySizeConverter.class)
    MemorySize maxSize();

    /** Where uploads are spooled while they are hashed and validated; defaults to the JVM temp dir. */
    Optional<String> spoolDir();

    /** Which backend stores new documents. Documents keep the backend they were written to. */
    @WithDefault("postgres")
    StorageKind storage();

    Postgres postgres();

    S3 s3();

    /**
     * Uploads one tenant may have in flight at once on one replica, counted from the accepted
     * request to the end of its response; more get 429. 0 or less: no cap.
     */
    @WithDefault("4")
    int maxConcurrentUploadsPerTenant();

    Parse parse();

    /** The PDF parsing bulkhead. */
    interface Parse {
        /** Threads dedicated to parsing PDFs. */
        @WithDefault("2")
        int threads();

        /** Parses that may wait for a thread; when they are all taken, uploads get 503 with Retry-After. */
        @WithDefault("16")
        int queue();

        /** Longest one parse may take; a PDF that needs longer is refused (422). */
        @WithDefault("20s")
        Duration timeout();
    }

    /** The storage backends. */
    enum StorageKind {
        POSTGRES, S3;

        /** The name recorded with each document. */
        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** PostgreSQL storage: bytes in {@code document_chunk} rows of the service's own schema. */
    interface Postgres {
        /**
         * Size of one stored chunk: one chunk is the most a read or a write holds in memory. Kept
         * under half a G1 region (1 MiB on small heaps) so chunk buffers are never humongous objects.
         */
        @WithDefault("256K")
        @WithConverter(MemorySizeConverter.class)
        MemorySize chunkSize();
    }

    /** S3-compatible object storage (AWS S3, MinIO, Ceph RGW, S3Proxy...). */
    interface S3 {
        /** Endpoint of a non-AWS server, e.g. {@code http://minio:9000}; empty for AWS itself. */
        Optional<URI> endpoint();

        @WithDefault("us-east-1")
        String region();

        @WithDefault("signport-documents")
        String bucket();

        /** Object key prefix, e.g. {@code prod/}. */
        @WithDefault("documents/")
        String keyPrefix();

        /** Static credentials; when absent the AWS default chain (env, profile, IRSA...) is used. */
        Optional<String> accessKeyId();

        Optional<String> secretAccessKey();

        /** Path-style addressing, which most S3-compatible servers need. */
        @WithDefault("true")
        boolean pathStyle();

        /** Create the bucket on first use when it does not exist (local setups and tests). */
        @WithDefault("false")
        boolean createBucket();
    }
}
