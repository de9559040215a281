package dev.signport.platform.api;

import java.util.List;

/** A page of a cursor-paginated list: {@code {data, nextCursor}}; no cursor on the last page. */
public record Page<T>(List<T> data, String nextCursor) {

    public Page {
        data = List.copyOf(data);
    }
}
