package dev.signport.pades;

import org.bouncycastle.tsp.TimeStampToken;

/**
 * Something that returns an RFC 3161 timestamp token for a SHA-256 digest: a remote TSA through {@link TsaClient},
 * or the embedded {@link TimestampAuthority} called in-process.
 */
@FunctionalInterface
public interface TimestampSource {

    /**
     * @param sha256 the 32-byte SHA-256 digest to timestamp
     * @return a granted token whose message imprint is {@code sha256}
     * @throws PadesException if no token could be obtained
     */
    TimeStampToken timestamp(byte[] sha256);

    /**
     * Bytes to reserve for one token in a signature's /Contents. The space must be fixed before the token exists, so
     * this errs high: a token with a two-certificate RSA chain is ~4 KB, public TSAs with long chains up to ~8 KB.
     */
    default int estimatedTokenBytes() {
        return 12 * 1024;
    }
}
