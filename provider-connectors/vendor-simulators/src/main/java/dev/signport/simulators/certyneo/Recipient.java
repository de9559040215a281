package dev.signport.simulators.certyneo;

import dev.signport.simulators.certyneo.Model.RecipientStatus;
import dev.signport.simulators.certyneo.Model.Role;
import java.time.Instant;

/** A recipient of an envelope; mutated only while its envelope's lock is held. */
final class Recipient {

    final String id;
    final String email;
    final String name;
    final Role role;
    /** The path token of this recipient's sign link; unguessable because the link is the credential. */
    final String token;
    RecipientStatus status = RecipientStatus.PENDING;
    String signUrl;
    Instant viewedAt;
    Instant signedAt;
    Instant declinedAt;
    String declineReason;

    Recipient(String id, String email, String name, Role role, String token) {
        this.id = id;
        this.email = email;
        this.name = name;
        this.role = role;
        this.token = token;
    }

    CertyneoDtos.RecipientView view() {
        return new CertyneoDtos.RecipientView(id, email, name, role.name(), status.name(), signUrl, viewedAt, signedAt,
                declinedAt, declineReason);
    }
}
