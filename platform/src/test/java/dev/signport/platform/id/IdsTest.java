package dev.signport.platform.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void idsArePrefixedValidUniqueAndSortInCreationOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(Ids.newId("doc"));
        }
        assertEquals(ids.size(), new HashSet<>(ids).size());
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        assertEquals(ids, sorted);
        ids.forEach(id -> assertTrue(Ids.isValid("doc", id), id));
        assertEquals(30, ids.get(0).length());
    }

    @Test
    void rejectsForeignOrMalformedIds() {
        assertFalse(Ids.isValid("doc", Ids.newId("env")));
        assertFalse(Ids.isValid("doc", "doc_123"));
        assertFalse(Ids.isValid("doc", null));
        assertFalse(Ids.isValid("doc", "doc_01JD3IIIIIIIIIIIIIIIIIIIII"));
    }
}
