package dev.signport.connector.core.spi;

import java.time.Instant;
import java.util.List;

/**
 * The vendor accepted the envelope.
 *
 * @param externalId the vendor's id of the envelope (or request)
 * @param recipients every recipient of the command, with the vendor's reference to it (what
 *                   {@link VendorStatus} reports it by) and its signing link when the vendor issued one
 */
public record Accepted(String externalId, List<Recipient> recipients) {

    public Accepted {
        recipients = List.copyOf(recipients);
    }

    /**
     * @param recipientId Signport's {@code rcp_…}
     * @param vendorRef   the vendor's id or key of that recipient
     * @param signUrl     the signing link, or null when the vendor issues it later (sequential order)
     * @param expiresAt   when the link stops working, or null
     */
    public record Recipient(String recipientId, String vendorRef, String signUrl, Instant expiresAt) {}
}
