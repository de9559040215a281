package dev.signport.webhook.store;

import dev.signport.platform.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class WebhookEndpointRepository implements TenantRepository<WebhookEndpoint> {

    @Override
    public String resourceName() {
        return "Webhook";
    }
}
