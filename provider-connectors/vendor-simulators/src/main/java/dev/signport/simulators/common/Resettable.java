package dev.signport.simulators.common;

/** Something holding sandbox state that {@code POST /_control/reset} must bring back to its initial value. */
public interface Resettable {
    void reset();
}
