package dev.signport.connector.core.spi;

import java.util.Map;

/**
 * A request that arrived on an envelope's callback URL: raw body (as signed by vendors that sign) and
 * headers with lower-case names. Never trusted beyond {@link SignatureProvider#verifyCallback}.
 */
public record InboundCallback(Map<String, String> headers, byte[] body) {

    public InboundCallback {
        headers = Map.copyOf(headers);
        body = body == null ? new byte[0] : body;
    }

    public String header(String name) {
        return headers.get(name.toLowerCase(java.util.Locale.ROOT));
    }
}
