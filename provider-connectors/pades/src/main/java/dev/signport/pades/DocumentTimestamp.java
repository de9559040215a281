package dev.signport.pades;

import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;

import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureInterface;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * The /Contents of a document timestamp (ISO 32000-2 §12.8.5, SubFilter {@code ETSI.RFC3161}): the TSA's token
 * itself, over the SHA-256 of the ByteRange.
 */
final class DocumentTimestamp implements SignatureInterface {

    private final TimestampSource source;
    private final int reservedBytes;
    private Instant genTime;

    DocumentTimestamp(TimestampSource source, int reservedBytes) {
        this.source = source;
        this.reservedBytes = reservedBytes;
    }

    Instant genTime() {
        return genTime;
    }

    @Override
    public byte[] sign(InputStream content) throws IOException {
        byte[] digest;
        try (DigestInputStream in = new DigestInputStream(content, MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(OutputStreamSink.INSTANCE);
            digest = in.getMessageDigest().digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
        TimeStampToken token = source.timestamp(digest);
        if (!Arrays.equals(token.getTimeStampInfo().getMessageImprintDigest(), digest)) {
            throw new PadesException("the document timestamp does not cover this revision");
        }
        genTime = token.getTimeStampInfo().getGenTime().toInstant();
        byte[] der = token.toCMSSignedData().getEncoded(ASN1Encoding.DER);
        if (der.length > reservedBytes) {
            throw new CmsSignature.ContentsTooSmallException(der.length, reservedBytes);
        }
        return der;
    }

    /** Discards bytes: only the digest of the stream is needed. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }
}
