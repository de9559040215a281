package dev.signport.connector.core.domain;

import dev.signport.connector.core.spi.VendorStatus;
import dev.signport.connector.core.spi.VendorStatus.EnvelopeState;
import dev.signport.connector.core.spi.VendorStatus.RecipientState;
import dev.signport.connector.core.spi.VendorStatus.RecipientStatus;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What a status read from the vendor changes, compared with what was already published: recipients
 * that moved forward (a report that is stale or moves a recipient back changes nothing) and whether the
 * envelope ended. Pure: the caller turns the changes into events inside its transaction.
 */
public final class StatusDiff {

    /** A recipient that moved to {@code state}. */
    public record RecipientChange(String recipientId, RecipientState state, java.time.Instant at, String reason,
            dev.signport.contracts.provider.SigningEvidence evidence) {}

    /**
     * @param recipients the recipients with their new published states
     * @param changes    what moved, in the vendor's order; each a {@code provider.recipient_*} event
     * @param ending     the envelope's final state when it just ended, else null
     */
    public record Result(List<RecipientLink> recipients, List<RecipientChange> changes, EnvelopeState ending) {

        public boolean changed() {
            return !changes.isEmpty() || ending != null;
        }
    }

    private StatusDiff() {}

    public static Result apply(List<RecipientLink> known, VendorStatus status) {
        Map<String, RecipientStatus> reported = new HashMap<>();
        for (RecipientStatus r : status.recipients()) {
            reported.put(r.recipientId(), r);
        }
        List<RecipientLink> next = new ArrayList<>(known.size());
        List<RecipientChange> changes = new ArrayList<>();
        for (RecipientLink k : known) {
            RecipientStatus r = reported.get(k.recipientId());
            RecipientState state = k.state();
            if (r != null && r.state().isAfter(state)) {
                // Only the states downstream hears about; NOTIFIED is the vendor's own business.
                if (r.state() == RecipientState.VIEWED || r.state() == RecipientState.SIGNED
                        || r.state() == RecipientState.DECLINED) {
                    changes.add(new RecipientChange(k.recipientId(), r.state(), r.at(), r.reason(), r.evidence()));
                }
                state = r.state();
            }
            next.add(new RecipientLink(k.recipientId(), k.vendorRef(), state));
        }
        EnvelopeState ending = status.state() == EnvelopeState.IN_PROGRESS ? null : status.state();
        return new Result(next, changes, ending);
    }
}
