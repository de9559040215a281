package dev.signport.platform.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The resource (class) or resource method is part of the public API: it needs a tenant's API key
 * ({@code Authorization: Bearer sk_test_…|sk_live_…}) and is rate limited per key. One of
 * {@link PublicApi}, {@link Internal} or {@link Anonymous} must apply to every resource method (a
 * method-level declaration overrides the class's); a service with an undeclared one does not boot.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface PublicApi {}
