package dev.signport.platform.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The resource or resource method is deliberately reachable without credentials (a signing page
 * with its own token, a vendor callback that re-reads the status from the vendor). Say why next to
 * it. See {@link PublicApi}.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Anonymous {}
