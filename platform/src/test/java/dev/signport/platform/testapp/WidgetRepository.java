package dev.signport.platform.testapp;

import dev.signport.platform.store.TenantRepository;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class WidgetRepository implements TenantRepository<Widget> {
    @Override
    public String resourceName() {
        return "Widget";
    }
}
