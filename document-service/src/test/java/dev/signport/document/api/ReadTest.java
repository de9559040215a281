package dev.signport.document.api;

import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.signport.document.support.Docs;
import dev.signport.document.support.TestPdfs;
import dev.signport.platform.testing.TestKeys;
import dev.signport.platform.util.Hashing;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading: ranges, conditional requests, pagination, and tenants never seeing each other's documents. */
@QuarkusTest
class ReadTest {

    @Test
    void rangesAcrossStorageChunks() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.sized(2, 1_500_000);
        String id = Docs.upload(key, pdf);
        org.junit.jupiter.api.Assertions.assertTrue(Docs.chunksOf(id) >= 3, "the document spans several 256 KiB chunks");
        String url = Docs.PATH + "/" + id + "/content";
        int size = pdf.length;

        byte[] head = Docs.as(key).header("Range", "bytes=0-99").get(url).then().statusCode(206)
                .header("Content-Range", "bytes 0-99/" + size)
                .header("Content-Length", "100")
                .header("Accept-Ranges", "bytes")
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(pdf, 0, 100), head);

        // Straddles the boundary between the first and the second chunk.
        int from = 256 * 1024 - 1000;
        int to = 256 * 1024 + 999;
        byte[] middle = Docs.as(key).header("Range", "bytes=" + from + "-" + to).get(url).then().statusCode(206)
                .header("Content-Range", "bytes " + from + "-" + to + "/" + size).extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(pdf, from, to + 1), middle);

        byte[] tail = Docs.as(key).header("Range", "bytes=-2000").get(url).then().statusCode(206)
                .header("Content-Range", "bytes " + (size - 2000) + "-" + (size - 1) + "/" + size)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(pdf, size - 2000, size), tail);

        byte[] rest = Docs.as(key).header("Range", "bytes=1000000-").get(url).then().statusCode(206)
                .extract().asByteArray();
        assertArrayEquals(Arrays.copyOfRange(pdf, 1_000_000, size), rest);

        Docs.as(key).header("Range", "bytes=" + size + "-").get(url).then().statusCode(416)
                .header("Content-Range", "bytes */" + size)
                .contentType("application/problem+json");

        // Several ranges are served as the whole document.
        byte[] whole = Docs.as(key).header("Range", "bytes=0-1,5-6").get(url).then().statusCode(200)
                .header("Content-Length", String.valueOf(size)).extract().asByteArray();
        assertArrayEquals(pdf, whole);
    }

    @Test
    void etagIsTheSha256AndConditionalRequestsUseIt() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.pages(2);
        String id = Docs.upload(key, pdf);
        String url = Docs.PATH + "/" + id + "/content";
        String etag = "\"" + Hashing.sha256Hex(pdf) + "\"";
        Docs.as(key).get(url).then().statusCode(200).header("ETag", etag)
                .header("Content-Length", String.valueOf(pdf.length))
                .header("Content-Disposition", "attachment; filename=\"test.pdf\"; filename*=UTF-8''test.pdf");
        Docs.as(key).header("If-None-Match", etag).get(url).then().statusCode(304).header("ETag", etag);
        Docs.as(key).header("If-None-Match", "\"other\"").get(url).then().statusCode(200);
        // If-Range with a stale validator: the whole document instead of the range.
        Docs.as(key).header("Range", "bytes=0-9").header("If-Range", "\"stale\"").get(url).then().statusCode(200);
        Docs.as(key).header("Range", "bytes=0-9").header("If-Range", etag).get(url).then().statusCode(206);
    }

    @Test
    void listIsCursorPaginatedNewestFirst() {
        TestKeys.TestKey key = TestKeys.create();
        List<String> uploaded = new ArrayList<>();
        byte[] pdf = TestPdfs.pages(1);
        for (int i = 0; i < 5; i++) {
            uploaded.add(Docs.upload(key, pdf));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var spec = Docs.as(key).queryParam("limit", 2);
            if (cursor != null) {
                spec = spec.queryParam("cursor", cursor);
            }
            var page = spec.get(Docs.PATH).then().statusCode(200).extract();
            List<String> ids = page.path("data.id");
            seen.addAll(ids);
            cursor = page.path("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        List<String> newestFirst = new ArrayList<>(uploaded);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
        assertEquals(5, new HashSet<>(seen).size());

        Docs.as(key).queryParam("limit", 101).get(Docs.PATH).then().statusCode(400);
        Docs.as(key).queryParam("cursor", "not a cursor!").get(Docs.PATH).then().statusCode(400);
        Docs.as(key).get(Docs.PATH).then().statusCode(200).body("data.size()", equalTo(5))
                .body("nextCursor", nullValue());
    }

    @Test
    void anotherTenantsDocumentDoesNotExist() {
        TestKeys.TestKey owner = TestKeys.create();
        TestKeys.TestKey other = TestKeys.create();
        String id = Docs.upload(owner, TestPdfs.pages(1));
        Docs.as(other).get(Docs.PATH + "/" + id).then().statusCode(404).body("type", equalTo(
                "https://signport.dev/problems/not-found"));
        Docs.as(other).get(Docs.PATH + "/" + id + "/content").then().statusCode(404);
        Docs.as(other).delete(Docs.PATH + "/" + id).then().statusCode(404);
        List<String> ids = Docs.as(other).get(Docs.PATH).then().statusCode(200).extract().path("data.id");
        assertFalse(ids.contains(id));
        // Still there for its owner.
        Docs.as(owner).get(Docs.PATH + "/" + id).then().statusCode(200);
        Docs.as(owner).get(Docs.PATH + "/doc_00000000000000000000000000").then().statusCode(404);
        assertNotNull(id);
    }
}
