package dev.signport.connector.core.domain;

import dev.signport.connector.core.spi.VendorStatus.RecipientState;

/** A recipient of a linked envelope: the vendor's reference to it and the last state published for it. */
public record RecipientLink(String recipientId, String vendorRef, RecipientState state) {}
