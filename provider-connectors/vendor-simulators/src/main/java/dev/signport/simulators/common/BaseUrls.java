package dev.signport.simulators.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;

/**
 * The simulator's public base URL for links it hands out (sign pages): the configured one, else
 * the scheme, host and port the caller used, so links work from wherever the connector reached us.
 */
@ApplicationScoped
public class BaseUrls {

    private final SimConfig config;

    public BaseUrls(SimConfig config) {
        this.config = config;
    }

    public String base(UriInfo uriInfo) {
        String base = config.publicBaseUrl().orElseGet(() -> uriInfo.getBaseUri().toString());
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }
}
