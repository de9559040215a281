package dev.signport.connector.core.spi;

import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.FieldType;
import java.util.List;

/**
 * The static part of a provider's {@code ProviderCapabilities} (see its Javadoc for each field), plus
 * whether the vendor calls back: a vendor without callbacks is polled on the short schedule, one with
 * callbacks only when a callback is overdue.
 */
public record Features(List<SignatureLevel> levels, boolean multiSigner, boolean sequential, boolean otp,
        boolean reminders, boolean anchors, List<FieldType> fieldTypes, long maxDocumentBytes, boolean callbacks) {

    public Features {
        levels = List.copyOf(levels);
        fieldTypes = List.copyOf(fieldTypes);
    }
}
