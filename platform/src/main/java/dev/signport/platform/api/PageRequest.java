package dev.signport.platform.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * A validated {@code ?cursor=&limit=} pair. The cursor is the opaque, URL-safe encoding of the last
 * id the client saw; services fetch {@code limit + 1} rows to know whether a next page exists.
 */
public record PageRequest(String afterId, int limit) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public static PageRequest of(String cursor, Integer limit) {
        int l = limit == null ? DEFAULT_LIMIT : limit;
        if (l < 1 || l > MAX_LIMIT) {
            throw ProblemException.invalid("limit", "must be between 1 and " + MAX_LIMIT);
        }
        return new PageRequest(cursor == null || cursor.isBlank() ? null : decode(cursor), l);
    }

    /** Turns {@code limit + 1} fetched rows (newest first) into a page and its next cursor. */
    public <E, T> Page<T> page(List<E> rows, Function<E, String> idOf, Function<E, T> mapper) {
        boolean more = rows.size() > limit;
        List<E> shown = more ? rows.subList(0, limit) : rows;
        String next = more ? encode(idOf.apply(shown.get(shown.size() - 1))) : null;
        return new Page<>(shown.stream().map(mapper).toList(), next);
    }

    static String encode(String id) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id.getBytes(StandardCharsets.UTF_8));
    }

    static String decode(String cursor) {
        try {
            String id = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            if (id.isEmpty() || id.length() > 64 || !id.chars().allMatch(c -> c == '_' || Character.isLetterOrDigit(c))) {
                throw new IllegalArgumentException();
            }
            return id;
        } catch (IllegalArgumentException e) {
            throw ProblemException.invalid("cursor", "is not a cursor returned by this API");
        }
    }
}
