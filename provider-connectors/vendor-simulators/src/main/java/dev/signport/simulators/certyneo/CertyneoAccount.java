package dev.signport.simulators.certyneo;

import dev.signport.simulators.certyneo.CertyneoDtos.KeyView;
import dev.signport.simulators.certyneo.Model.ApiKey;
import dev.signport.simulators.common.Ids;
import dev.signport.simulators.common.Resettable;
import dev.signport.simulators.common.SimConfig;
import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.TokenBucketRateLimiter;
import dev.signport.simulators.common.TokenBucketRateLimiter.Limits;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/** The Certyneo account: its API keys (Bearer) and the per-key rate limit. */
@ApplicationScoped
public class CertyneoAccount implements VendorAccount, Resettable {

    static final String DEFAULT_KEY_ID = "ckey_default";

    private final SimConfig.Certyneo config;
    private final Map<String, ApiKey> keys = new ConcurrentHashMap<>();
    private final TokenBucketRateLimiter limiter;

    public CertyneoAccount(SimConfig config) {
        this.config = config.certyneo();
        this.limiter = new TokenBucketRateLimiter(configuredLimits());
        reset();
    }

    @Override
    public Vendor vendor() {
        return Vendor.CERTYNEO;
    }

    @Override
    public Optional<String> authenticate(HttpHeaders headers) {
        String auth = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (auth == null || !auth.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = auth.substring(7).trim().getBytes(StandardCharsets.UTF_8);
        // Constant-time, as a real vendor compares keys.
        return keys.values().stream()
                .filter(k -> MessageDigest.isEqual(presented, k.secret().getBytes(StandardCharsets.UTF_8)))
                .map(ApiKey::id)
                .findFirst();
    }

    @Override
    public SimError unauthorized() {
        return SimError.certyneo(401, "unauthorized", "Missing, invalid or revoked API key");
    }

    @Override
    public OptionalLong throttle(String keyId) {
        return limiter.tryAcquire(keyId);
    }

    public Limits limits() {
        return limiter.limits();
    }

    public void setLimits(Limits limits) {
        limiter.setLimits(limits);
    }

    KeyView createKey(String name) {
        ApiKey key = new ApiKey(Ids.id("ckey_"), name == null || name.isBlank() ? "API key" : name,
                Ids.secret("sk_test_"), Instant.now());
        keys.put(key.id(), key);
        return new KeyView(key.id(), key.name(), key.secret(), last4(key), key.createdAt());
    }

    List<KeyView> listKeys() {
        return keys.values().stream().sorted(Comparator.comparing(ApiKey::createdAt))
                .map(k -> new KeyView(k.id(), k.name(), null, last4(k), k.createdAt())).toList();
    }

    /** Revocation takes effect on the next call, as the vendor documents ("revocable at once"). */
    void deleteKey(String id) {
        if (keys.remove(id) == null) {
            throw SimError.certyneo(404, "not_found", "No API key " + id);
        }
    }

    @Override
    public void reset() {
        keys.clear();
        keys.put(DEFAULT_KEY_ID, new ApiKey(DEFAULT_KEY_ID, "Configured key", config.apiKey(), Instant.now()));
        limiter.setLimits(configuredLimits());
    }

    private Limits configuredLimits() {
        return new Limits(config.rateLimit().perMinute(), config.rateLimit().burst());
    }

    private static String last4(ApiKey k) {
        String s = k.secret();
        return s.substring(Math.max(0, s.length() - 4));
    }
}
