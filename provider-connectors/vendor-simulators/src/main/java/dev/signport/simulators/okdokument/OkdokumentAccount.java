package dev.signport.simulators.okdokument;

import dev.signport.simulators.common.SimConfig;
import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorAccount;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/** The OKdokument account's API key ({@code x-api-key}); OKdokument documents no rate limit. */
@ApplicationScoped
public class OkdokumentAccount implements VendorAccount {

    private final byte[] apiKey;

    public OkdokumentAccount(SimConfig config) {
        this.apiKey = config.okdokument().apiKey().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public Vendor vendor() {
        return Vendor.OKDOKUMENT;
    }

    @Override
    public Optional<String> authenticate(HttpHeaders headers) {
        String presented = headers.getHeaderString("x-api-key");
        if (presented == null) {
            return Optional.empty();
        }
        return MessageDigest.isEqual(apiKey, presented.trim().getBytes(StandardCharsets.UTF_8))
                ? Optional.of("okd_account")
                : Optional.empty();
    }

    @Override
    public SimError unauthorized() {
        return SimError.okdokument(401, "UNAUTHORIZED", "Missing or invalid x-api-key");
    }
}
