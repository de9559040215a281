package dev.signport.connector.core.spi;

import java.util.Map;

/**
 * An envelope as the connector knows it at the vendor.
 *
 * @param externalId    the vendor's id, or null when sending never finished
 * @param recipientRefs Signport recipient id → the vendor's reference, from {@link Accepted}
 * @param checkpoints   what {@link SignatureProvider#send} recorded (ids, webhook secret…)
 */
public record VendorRef(String envelopeId, String tenantId, String externalId, Map<String, String> recipientRefs,
        Checkpoints checkpoints) {

    public VendorRef {
        recipientRefs = Map.copyOf(recipientRefs);
    }
}
