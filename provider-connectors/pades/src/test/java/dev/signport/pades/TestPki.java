package dev.signport.pades;

/** One generated PKI per test JVM: RSA-3072 key generation takes seconds on a small build machine. */
final class TestPki {

    private static LocalPki shared;

    private TestPki() {
    }

    static synchronized LocalPki shared() {
        if (shared == null) {
            shared = LocalPki.generate();
        }
        return shared;
    }
}
