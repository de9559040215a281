package dev.signport.envelope.domain;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import dev.signport.contracts.Mode;
import dev.signport.contracts.envelope.SignatureLevel;

import java.util.List;
import java.util.Map;

/**
 * What a tenant chose; every field optional (null or empty = the deployment's default).
 *
 * @param defaultProviders      provider used when an envelope names none, per mode: keys {@code test}, {@code live}
 * @param allowedProviders      providers the tenant may use; empty = every provider
 * @param fallbackProviders     failover order when an envelope gives no {@code fallbackProviders}
 * @param vendorAccounts        per provider, the name of the vendor account (credentials held by that provider's
 *                              connector deployment) to use; a reference, never a secret
 * @param defaultSignatureLevel level used when an envelope names none
 * @param reminders             reminder schedule used when an envelope gives none
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantSettings(
        Map<String, String> defaultProviders,
        List<String> allowedProviders,
        List<String> fallbackProviders,
        Map<String, String> vendorAccounts,
        SignatureLevel defaultSignatureLevel,
        Reminders reminders) {

    public static final TenantSettings EMPTY = new TenantSettings(null, null, null, null, null, null);

    public TenantSettings {
        defaultProviders = defaultProviders == null ? Map.of() : Map.copyOf(defaultProviders);
        allowedProviders = allowedProviders == null ? List.of() : List.copyOf(allowedProviders);
        fallbackProviders = fallbackProviders == null ? List.of() : List.copyOf(fallbackProviders);
        vendorAccounts = vendorAccounts == null ? Map.of() : Map.copyOf(vendorAccounts);
    }

    public String defaultProvider(Mode mode) {
        return defaultProviders.get(mode.name().toLowerCase(java.util.Locale.ROOT));
    }

    public boolean allows(String provider) {
        return allowedProviders.isEmpty() || allowedProviders.contains(provider);
    }
}
