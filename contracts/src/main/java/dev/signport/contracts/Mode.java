package dev.signport.contracts;

/** Whether something belongs to the test world (simulators, built-in signer) or the live one (real vendors). */
public enum Mode {
    /** Created with an {@code sk_test_} key; only reaches simulators or the built-in signer. */
    TEST("sk_test_"),
    /** Created with an {@code sk_live_} key; reaches the real vendors. */
    LIVE("sk_live_");

    private final String secretPrefix;

    Mode(String secretPrefix) {
        this.secretPrefix = secretPrefix;
    }

    /** The prefix of API key secrets of this mode, {@code sk_test_} or {@code sk_live_}. */
    public String secretPrefix() {
        return secretPrefix;
    }
}
