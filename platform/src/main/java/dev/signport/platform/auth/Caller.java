package dev.signport.platform.auth;

import dev.signport.contracts.Mode;

/** Who is calling: the API key's id, its tenant and whether it is a test or a live key. */
public record Caller(String keyId, String tenantId, Mode mode) {

    public boolean live() {
        return mode == Mode.LIVE;
    }
}
