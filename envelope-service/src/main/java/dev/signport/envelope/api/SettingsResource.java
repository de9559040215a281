package dev.signport.envelope.api;

import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.envelope.config.EnvelopeConfig;
import dev.signport.envelope.domain.TenantService;
import dev.signport.envelope.domain.TenantSettings;
import dev.signport.platform.api.ProblemException;
import dev.signport.platform.auth.CurrentCaller;
import dev.signport.platform.auth.PublicApi;
import io.smallrye.mutiny.Uni;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code /api/v1/settings}: the tenant's provider choices. Vendor accounts are references (names of accounts whose
 * credentials live with each connector's deployment): no credential ever goes through this API.
 */
@Path("/api/v1/settings")
@PublicApi
@Tag(name = "Settings")
public class SettingsResource {

    private final TenantService tenants;
    private final CurrentCaller caller;
    private final EnvelopeConfig config;

    public SettingsResource(TenantService tenants, CurrentCaller caller, EnvelopeConfig config) {
        this.tenants = tenants;
        this.caller = caller;
        this.config = config;
    }

    /** PATCH body: absent fields stay as they are. */
    public record SettingsPatch(
            Map<@Pattern(regexp = "test|live", message = "keys must be test or live") String, String> defaultProviders,
            @Size(max = 10) List<String> allowedProviders,
            @Size(max = 4) List<String> fallbackProviders,
            Map<String, @Size(max = 100) @Pattern(regexp = "[A-Za-z0-9._-]+",
                    message = "must be an account name (letters, digits, . _ -), never a credential") String> vendorAccounts,
            SignatureLevel defaultSignatureLevel,
            @Valid EnvelopeDtos.ReminderInput reminders) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The tenant's settings")
    public Uni<TenantSettings> get() {
        return tenants.settings(caller.tenantId());
    }

    @PATCH
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change the tenant's default providers, allowed and fallback providers, vendor account "
            + "references, default level and reminders")
    public Uni<TenantSettings> update(@Valid @NotNull SettingsPatch p) {
        List<String> unknown = new ArrayList<>();
        check(p.defaultProviders() == null ? List.of() : List.copyOf(p.defaultProviders().values()), unknown);
        check(p.allowedProviders(), unknown);
        check(p.fallbackProviders(), unknown);
        check(p.vendorAccounts() == null ? List.of() : List.copyOf(p.vendorAccounts().keySet()), unknown);
        if (!unknown.isEmpty()) {
            throw ProblemException.unprocessable("unknown provider(s) " + String.join(", ", unknown) + " (known: "
                    + String.join(", ", config.providers()) + ")");
        }
        return tenants.updateSettings(caller.tenantId(), s -> new TenantSettings(
                p.defaultProviders() != null ? p.defaultProviders() : s.defaultProviders(),
                p.allowedProviders() != null ? p.allowedProviders() : s.allowedProviders(),
                p.fallbackProviders() != null ? p.fallbackProviders() : s.fallbackProviders(),
                p.vendorAccounts() != null ? p.vendorAccounts() : s.vendorAccounts(),
                p.defaultSignatureLevel() != null ? p.defaultSignatureLevel() : s.defaultSignatureLevel(),
                p.reminders() != null ? p.reminders().toReminders() : s.reminders()));
    }

    private void check(List<String> providers, List<String> unknown) {
        if (providers != null) {
            providers.stream().filter(x -> !config.providers().contains(x)).forEach(unknown::add);
        }
    }
}
