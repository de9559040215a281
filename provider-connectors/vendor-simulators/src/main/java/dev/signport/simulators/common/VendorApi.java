package dev.signport.simulators.common;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a resource class as part of a vendor's API: every method then goes through the vendor's
 * fault injection, call log, authentication and rate limit (see {@link VendorRequestFilter}).
 * Authentication is required unless the method says {@link Unauthenticated}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface VendorApi {
    Vendor value();
}
