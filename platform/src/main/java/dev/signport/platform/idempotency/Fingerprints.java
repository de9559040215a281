package dev.signport.platform.idempotency;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.signport.platform.util.Hashing;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.lang.reflect.WildcardType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.temporal.Temporal;
import java.time.temporal.TemporalAmount;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What makes two requests "the same request" for {@code Idempotency-Key}: method, normalised path
 * and the resource method's arguments, by value. Only types whose JSON form is their whole value
 * are accepted ({@link #unfingerprintable} is checked at boot); a type that could not be compared
 * faithfully would make different requests look equal, so it stops the service from starting
 * instead of being reduced to its class name. Uploads arrive as records carrying the size and
 * digest computed while streaming (their bytes are {@link JsonIgnore}d).
 */
public final class Fingerprints {

    /** Request plumbing, not request content: left out of the fingerprint. */
    private static final List<String> CONTEXT_TYPES = List.of("io.vertx.core.http.HttpServerRequest",
            "io.vertx.core.http.HttpServerResponse", "io.vertx.ext.web.RoutingContext", "jakarta.ws.rs.core.UriInfo",
            "jakarta.ws.rs.core.HttpHeaders", "jakarta.ws.rs.core.Request", "jakarta.ws.rs.core.SecurityContext",
            "jakarta.ws.rs.container.ResourceInfo", "jakarta.ws.rs.container.ContainerRequestContext");

    private Fingerprints() {}

    /** One line per parameter of {@code method} that cannot be fingerprinted; empty when all can. */
    public static List<String> unfingerprintable(Method method) {
        List<String> problems = new ArrayList<>();
        Type[] params = method.getGenericParameterTypes();
        for (int i = 0; i < params.length; i++) {
            if (isContext(method.getParameterTypes()[i])) {
                continue;
            }
            String why = why(params[i], new HashSet<>());
            if (why != null) {
                problems.add(method.getDeclaringClass().getName() + "#" + method.getName() + " parameter " + i
                        + " (" + params[i].getTypeName() + ") cannot be fingerprinted for Idempotency-Key: " + why);
            }
        }
        return problems;
    }

    /** The fingerprint of a request. */
    static String of(ObjectMapper mapper, String method, String path, Object[] args) {
        ArrayNode parts = mapper.createArrayNode();
        parts.add(method).add(path);
        for (Object a : args) {
            if (a != null && isContext(a.getClass())) {
                continue;
            }
            if (a instanceof byte[] bytes) {
                parts.add(Hashing.sha256Hex(bytes));
            } else {
                parts.add(mapper.valueToTree(a));
            }
        }
        try {
            return Hashing.sha256Hex(mapper.writeValueAsBytes(parts));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot fingerprint the request", e);
        }
    }

    private static boolean isContext(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (CONTEXT_TYPES.contains(c.getName()) || implementsContext(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean implementsContext(Class<?> c) {
        for (Class<?> i : c.getInterfaces()) {
            if (CONTEXT_TYPES.contains(i.getName()) || implementsContext(i)) {
                return true;
            }
        }
        return false;
    }

    /** Why {@code type} cannot be fingerprinted by value, or null when it can. */
    private static String why(Type type, Set<Type> seen) {
        if (type instanceof WildcardType w) {
            return w.getUpperBounds().length == 1 ? why(w.getUpperBounds()[0], seen) : "unbounded wildcard";
        }
        if (type instanceof ParameterizedType p) {
            Class<?> raw = (Class<?>) p.getRawType();
            if (Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)
                    || java.util.Optional.class == raw) {
                for (Type arg : p.getActualTypeArguments()) {
                    String w = why(arg, seen);
                    if (w != null) {
                        return w;
                    }
                }
                return null;
            }
            return why(raw, seen);
        }
        if (!(type instanceof Class<?> c)) {
            return "type " + type.getTypeName() + " is not concrete";
        }
        if (c.isPrimitive() || c == String.class || Number.class.isAssignableFrom(c) && (c.getName().startsWith("java.lang.")
                || c == BigDecimal.class || c == BigInteger.class) || c == Boolean.class || c == Character.class
                || c.isEnum() || c == UUID.class || c == byte[].class
                || (Temporal.class.isAssignableFrom(c) || TemporalAmount.class.isAssignableFrom(c))
                && c.getName().startsWith("java.time.")) {
            return null;
        }
        if (c.isArray()) {
            return why(c.getComponentType(), seen);
        }
        if (c.isRecord()) {
            if (!seen.add(c)) {
                return null;
            }
            for (RecordComponent rc : c.getRecordComponents()) {
                if (rc.getAccessor().isAnnotationPresent(JsonIgnore.class) || rc.isAnnotationPresent(JsonIgnore.class)) {
                    continue;
                }
                String w = why(rc.getGenericType(), seen);
                if (w != null) {
                    return c.getSimpleName() + "." + rc.getName() + ": " + w;
                }
            }
            return null;
        }
        if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c)) {
            return "raw " + c.getSimpleName() + " (declare its element type)";
        }
        return c.getName() + " is not a value type (use a record, a string, a number, an enum or a collection of them)";
    }
}
