package dev.signport.simulators.okdokument;

import java.util.Optional;

/** OKdokument document states, spelled as the vendor spells them. */
enum State {
    TAGS("tags"), TOSTAMP("tostamp"), TOSIGN("tosign"), SIGNED("signed"), ERRORSENDINFO("errorsendinfo"),
    CANCELED("canceled");

    final String key;

    State(String key) {
        this.key = key;
    }

    /** Still waiting for the signer: can be signed or canceled. */
    boolean open() {
        return this == TAGS || this == TOSTAMP || this == TOSIGN;
    }

    /** Signed, whether or not the completion callback got through. */
    boolean signed() {
        return this == SIGNED || this == ERRORSENDINFO;
    }

    static Optional<State> fromKey(String key) {
        for (State s : values()) {
            if (s.key.equals(key)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
