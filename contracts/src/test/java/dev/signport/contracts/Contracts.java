package dev.signport.contracts;

import dev.signport.contracts.document.DocumentEvent;
import dev.signport.contracts.envelope.EnvelopeEvent;
import dev.signport.contracts.provider.ProviderCommand;
import dev.signport.contracts.provider.ProviderEvent;
import dev.signport.contracts.webhook.WebhookEvent;

import java.util.ArrayList;
import java.util.List;

/** Reflection over the contract types, for tests. */
final class Contracts {

    /** The polymorphic types consumers deserialise topic values into. */
    static final List<Class<?>> SEALED_ROOTS = List.of(
            EnvelopeEvent.class, DocumentEvent.class, ProviderCommand.class, ProviderEvent.class, WebhookEvent.class);

    private Contracts() {
    }

    /** The type a consumer reads a record of this class as: its sealed root, or the class itself. */
    static Class<?> readType(Class<?> recordClass) {
        return SEALED_ROOTS.stream().filter(root -> root.isAssignableFrom(recordClass)).findFirst().orElse(recordClass);
    }

    /** The records a sealed interface finally permits (through nested sealed interfaces). */
    static List<Class<?>> leaves(Class<?> sealed) {
        List<Class<?>> leaves = new ArrayList<>();
        for (Class<?> permitted : sealed.getPermittedSubclasses()) {
            if (permitted.isInterface()) {
                leaves.addAll(leaves(permitted));
            } else {
                leaves.add(permitted);
            }
        }
        return leaves;
    }
}
