package dev.signport.document.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.signport.document.support.Docs;
import dev.signport.document.support.TestPdfs;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** The S3 backend against a real S3-compatible server (S3Proxy), through the public API. */
@QuarkusTest
@TestProfile(S3StorageTest.S3Profile.class)
class S3StorageTest {

    /** Documents go to S3 in this profile. */
    public static class S3Profile implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(S3ProxyResource.class));
        }
    }

    @Inject
    S3Storage s3;

    private byte[] object(String documentId) {
        return s3.client().getObjectAsBytes(b -> b.bucket(s3.bucket()).key(s3.key(documentId))).asByteArray();
    }

    private long objects() {
        return s3.client().listObjectsV2Paginator(b -> b.bucket(s3.bucket())).contents().stream().count();
    }

    @Test
    void uploadsAreStoredAsObjectsAndReadBackByteForByte() {
        TestKeys.TestKey key = TestKeys.create();
        byte[] small = TestPdfs.pages(2);
        byte[] large = TestPdfs.sized(3, 1_200_000);
        String smallId = Docs.multipart(key, "small.pdf", small).then().statusCode(201).extract().path("id");
        String largeId = Docs.raw(key, "large.pdf", large).then().statusCode(201).extract().path("id");
        String jsonId = Docs.json(key, "json.pdf", large).then().statusCode(201).extract().path("id");

        assertArrayEquals(small, object(smallId), "the object holds the exact bytes");
        assertArrayEquals(large, object(largeId));
        assertEquals(0, Docs.chunksOf(largeId), "nothing of it in PostgreSQL");
        assertEquals(1, Docs.count("select count(*) from document where id = ? and storage = 's3'", largeId));

        for (String id : List.of(smallId, largeId, jsonId)) {
            byte[] expected = id.equals(smallId) ? small : large;
            assertArrayEquals(expected, Docs.as(key).get(Docs.PATH + "/" + id + "/content").then().statusCode(200)
                    .header("Content-Length", String.valueOf(expected.length)).extract().asByteArray());
        }
        int from = 300_000;
        int to = 1_000_000;
        assertArrayEquals(Arrays.copyOfRange(large, from, to + 1), Docs.as(key).header("Range",
                        "bytes=" + from + "-" + to).get(Docs.PATH + "/" + largeId + "/content").then().statusCode(206)
                .header("Content-Range", "bytes " + from + "-" + to + "/" + large.length).extract().asByteArray());
    }

    @Test
    void deletingRemovesTheObject() {
        TestKeys.TestKey key = TestKeys.create();
        String id = Docs.upload(key, TestPdfs.pages(1));
        object(id);
        Docs.as(key).delete(Docs.PATH + "/" + id).then().statusCode(204);
        assertThrows(NoSuchKeyException.class, () -> object(id));
        Docs.as(key).get(Docs.PATH + "/" + id + "/content").then().statusCode(404);
    }

    @Test
    void rejectedUploadsLeaveNoObject() {
        TestKeys.TestKey key = TestKeys.create();
        long before = objects();
        Docs.raw(key, "x.pdf", TestPdfs.passwordProtected()).then().statusCode(422);
        Docs.raw(key, "x.pdf", TestPdfs.notPdf()).then().statusCode(415);
        Docs.multipart(key, "x.pdf", TestPdfs.sized(1, 2 * 1024 * 1024 + 10_000)).then().statusCode(413);
        assertEquals(before, objects());
        assertEquals(0, Docs.documentsOf(key.tenantId()));
    }
}
