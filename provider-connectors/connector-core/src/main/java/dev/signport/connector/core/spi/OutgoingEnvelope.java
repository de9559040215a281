package dev.signport.connector.core.spi;

import dev.signport.contracts.provider.SendEnvelope;
import java.util.List;

/**
 * What an adapter sends: the command as envelope-service issued it, the documents' bytes (already
 * fetched from document-service and checked against their SHA-256, in the command's order) and the
 * envelope's tokenised callback URL to give the vendor.
 */
public record OutgoingEnvelope(SendEnvelope command, List<DocumentBytes> documents, String callbackUrl) {

    public OutgoingEnvelope {
        documents = List.copyOf(documents);
    }

    /** A document's bytes. */
    public record DocumentBytes(String documentId, String name, byte[] bytes) {}
}
