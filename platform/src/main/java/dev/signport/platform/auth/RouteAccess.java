package dev.signport.platform.auth;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** How a resource method is authenticated, as declared by {@link PublicApi}, {@link Internal} or {@link Anonymous}. */
public enum RouteAccess {
    API_KEY,
    SERVICE_TOKEN,
    ANONYMOUS;

    private static final List<Class<? extends Annotation>> HTTP_METHODS = List.of(jakarta.ws.rs.GET.class,
            jakarta.ws.rs.POST.class, jakarta.ws.rs.PUT.class, jakarta.ws.rs.PATCH.class, jakarta.ws.rs.DELETE.class,
            jakarta.ws.rs.HEAD.class, jakarta.ws.rs.OPTIONS.class);

    /**
     * The access declared on a method or, failing that, on its class; empty when neither declares
     * one, and an {@link IllegalStateException} when one element declares two.
     */
    public static Optional<RouteAccess> declared(Annotation[] methodAnnotations, Annotation[] classAnnotations,
            String where) {
        Optional<RouteAccess> onMethod = of(methodAnnotations, where);
        return onMethod.isPresent() ? onMethod : of(classAnnotations, where);
    }

    public static Optional<RouteAccess> declared(Class<?> resource, Method method) {
        return declared(method.getAnnotations(), resource.getAnnotations(), resource.getName() + "#" + method.getName());
    }

    private static Optional<RouteAccess> of(Annotation[] annotations, String where) {
        RouteAccess found = null;
        for (Annotation a : annotations) {
            RouteAccess access = a instanceof PublicApi ? API_KEY
                    : a instanceof Internal ? SERVICE_TOKEN
                    : a instanceof Anonymous ? ANONYMOUS : null;
            if (access != null) {
                if (found != null && found != access) {
                    throw new IllegalStateException(where + " declares both " + found + " and " + access);
                }
                found = access;
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * The resource methods of {@code resource} (methods carrying an HTTP method annotation, or a
     * {@code @Path} sub-resource locator) that declare no access, or declare two: what must not
     * boot. Walks superclasses, where JAX-RS annotations may be inherited from.
     */
    public static List<String> undeclared(Class<?> resource) {
        List<String> problems = new ArrayList<>();
        for (Class<?> c = resource; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.isSynthetic() || m.isBridge() || Modifier.isStatic(m.getModifiers()) || !isResourceMethod(m)) {
                    continue;
                }
                try {
                    if (declared(resource, m).isEmpty()) {
                        problems.add(resource.getName() + "#" + m.getName()
                                + " declares no access (@PublicApi, @Internal or @Anonymous)");
                    }
                } catch (IllegalStateException e) {
                    problems.add(e.getMessage());
                }
            }
        }
        return problems;
    }

    public static boolean isResourceMethod(Method m) {
        if (m.isAnnotationPresent(jakarta.ws.rs.Path.class)) {
            return true;
        }
        for (Annotation a : m.getAnnotations()) {
            if (HTTP_METHODS.contains(a.annotationType()) || a.annotationType().isAnnotationPresent(jakarta.ws.rs.HttpMethod.class)) {
                return true;
            }
        }
        return false;
    }
}
