package dev.signport.connector.core.spi;

/**
 * What {@link SignatureProvider#probe} learnt.
 *
 * @param quotaRemaining signatures left on the account for vendors that sell them by the unit, else null
 */
public record Probe(Long quotaRemaining) {

    public static Probe ok() {
        return new Probe(null);
    }
}
