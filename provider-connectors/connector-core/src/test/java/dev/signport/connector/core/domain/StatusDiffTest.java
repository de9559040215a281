package dev.signport.connector.core.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signport.connector.core.spi.VendorStatus;
import dev.signport.connector.core.spi.VendorStatus.EnvelopeState;
import dev.signport.connector.core.spi.VendorStatus.RecipientState;
import dev.signport.connector.core.spi.VendorStatus.RecipientStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Status reads become events only for what moved forward. */
class StatusDiffTest {

    private static final List<RecipientLink> KNOWN = List.of(
            new RecipientLink("rcp_a", "v_a", RecipientState.VIEWED),
            new RecipientLink("rcp_b", "v_b", RecipientState.PENDING));

    @Test
    void reportsOnlyForwardMovesAndTheEnd() {
        StatusDiff.Result r = StatusDiff.apply(KNOWN, new VendorStatus(EnvelopeState.COMPLETED, null, null, List.of(
                new RecipientStatus("rcp_a", RecipientState.SIGNED, null, null),
                new RecipientStatus("rcp_b", RecipientState.SIGNED, null, null))));
        assertEquals(2, r.changes().size());
        assertEquals(EnvelopeState.COMPLETED, r.ending());
        assertEquals(RecipientState.SIGNED, r.recipients().get(1).state());
    }

    @Test
    void aStaleReportChangesNothing() {
        StatusDiff.Result r = StatusDiff.apply(KNOWN, new VendorStatus(EnvelopeState.IN_PROGRESS, null, null, List.of(
                new RecipientStatus("rcp_a", RecipientState.NOTIFIED, null, null),
                new RecipientStatus("rcp_b", RecipientState.NOTIFIED, null, null))));
        assertFalse(r.changed(), "a recipient going back, or being notified, publishes nothing");
        assertEquals(RecipientState.VIEWED, r.recipients().get(0).state());
        assertEquals(RecipientState.NOTIFIED, r.recipients().get(1).state());
        assertNull(r.ending());
    }

    @Test
    void aSignedRecipientNeverBecomesDeclined() {
        List<RecipientLink> signed = List.of(new RecipientLink("rcp_a", "v_a", RecipientState.SIGNED));
        StatusDiff.Result r = StatusDiff.apply(signed, new VendorStatus(EnvelopeState.IN_PROGRESS, null, null,
                List.of(new RecipientStatus("rcp_a", RecipientState.DECLINED, null, null))));
        assertFalse(r.changed());
    }
}
