package dev.signport.platform.auth;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Keys come from the replicated Kafka topic; each key sees only its own tenant's data. */
@QuarkusTest
class AuthAndTenancyTest {

    @Test
    void anotherTenantsResourceIs404NotForbidden() {
        TestKeys.TestKey alice = TestKeys.create();
        TestKeys.TestKey bob = TestKeys.create();
        String id = create(alice, "alice's widget");
        given().header("Authorization", alice.bearer()).get("/api/v1/widgets/" + id).then().statusCode(200)
                .body("name", equalTo("alice's widget"));
        given().header("Authorization", bob.bearer()).get("/api/v1/widgets/" + id).then().statusCode(404);
        given().header("Authorization", bob.bearer()).delete("/api/v1/widgets/" + id).then().statusCode(404);
        given().header("Authorization", bob.bearer()).get("/api/v1/widgets").then().statusCode(200)
                .body("data", hasSize(0));
    }

    @Test
    void twoKeysOfOneTenantShareItsData() {
        TestKeys.TestKey first = TestKeys.create();
        TestKeys.TestKey second = TestKeys.create(first.tenantId());
        String id = create(first, "shared");
        given().header("Authorization", second.bearer()).get("/api/v1/widgets/" + id).then().statusCode(200);
    }

    @Test
    void revocationTakesEffectWithinSeconds() {
        TestKeys.TestKey key = TestKeys.create();
        given().header("Authorization", key.bearer()).get("/api/v1/widgets").then().statusCode(200);
        TestKeys.revoke(key);
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100)).untilAsserted(() ->
                given().header("Authorization", key.bearer()).get("/api/v1/widgets").then().statusCode(401)
                        .body("detail", equalTo("This API key has been revoked")));
    }

    @Test
    void listsAreCursorPaginatedNewestFirst() {
        TestKeys.TestKey key = TestKeys.create();
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(key, "w" + i));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            var page = given().header("Authorization", key.bearer()).queryParam("limit", 2)
                    .queryParam("cursor", cursor == null ? "" : cursor)
                    .get("/api/v1/widgets").then().statusCode(200).extract().jsonPath();
            seen.addAll(page.getList("data.id"));
            cursor = page.getString("nextCursor");
            pages++;
        } while (cursor != null);
        assertEquals(3, pages);
        List<String> newestFirst = new ArrayList<>(created);
        java.util.Collections.reverse(newestFirst);
        assertEquals(newestFirst, seen);
        assertNotEquals(seen.get(0), seen.get(1));
        var last = given().header("Authorization", key.bearer()).queryParam("limit", 5).get("/api/v1/widgets")
                .then().extract().jsonPath();
        assertNull(last.getString("nextCursor"));
    }

    static String create(TestKeys.TestKey key, String name) {
        return given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"name\": \"" + name + "\", \"quantity\": 1}")
                .post("/api/v1/widgets").then().statusCode(201).extract().path("id");
    }
}
