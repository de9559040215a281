package dev.signport.simulators.common;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Optional;
import java.util.OptionalLong;

/** How a vendor authenticates and throttles API calls; one bean per vendor, used by {@link VendorRequestFilter}. */
public interface VendorAccount {

    Vendor vendor();

    /** The caller's key id (never the secret itself) when the request carries a valid key. */
    Optional<String> authenticate(HttpHeaders headers);

    /** The vendor's 401 answer. */
    SimError unauthorized();

    /** Seconds to wait when this key is over its rate limit now; empty = go ahead (and the call is counted). */
    default OptionalLong throttle(String keyId) {
        return OptionalLong.empty();
    }
}
