package dev.signport.platform.auth;

import dev.signport.platform.idempotency.Fingerprints;
import dev.signport.platform.idempotency.Idempotent;
import io.quarkus.arc.Arc;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.ws.rs.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Refuses to boot a service in which a resource method declares no access (or two), or an
 * {@code @Idempotent} method takes a parameter that cannot be fingerprinted: every route is public
 * API, internal or explicitly anonymous, so that a forgotten annotation is a failed start, not an
 * open route. Quarkus REST makes every resource class a CDI bean, which is how they are found.
 */
@ApplicationScoped
public class RouteDeclarations {

    void check(@Observes StartupEvent ignored) {
        List<String> problems = undeclared();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Undeclared or unsafe resource methods:\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** Every resource class of this application. */
    public static Set<Class<?>> resourceClasses() {
        Set<Class<?>> classes = new java.util.LinkedHashSet<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> c = bean.getBeanClass();
            if (c.isAnnotationPresent(Path.class)) {
                classes.add(c);
            }
        }
        return classes;
    }

    /** What {@link #check} refuses, one line per method. */
    public static List<String> undeclared() {
        Set<String> problems = new TreeSet<>();
        for (Class<?> c : resourceClasses()) {
            problems.addAll(RouteAccess.undeclared(c));
            for (java.lang.reflect.Method m : c.getMethods()) {
                if (m.isAnnotationPresent(Idempotent.class) || c.isAnnotationPresent(Idempotent.class)
                        && RouteAccess.isResourceMethod(m)) {
                    problems.addAll(Fingerprints.unfingerprintable(m));
                }
            }
        }
        return new ArrayList<>(problems);
    }
}
