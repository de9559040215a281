package dev.signport.webhook.store;

import dev.signport.platform.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class WebhookDeliveryRepository implements TenantRepository<WebhookDelivery> {

    @Override
    public String resourceName() {
        return "Delivery";
    }
}
