package dev.signport.platform.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Everything a client can get wrong comes back as RFC 9457 problem+json with a stable type. */
@QuarkusTest
class ProblemJsonTest {

    private static final String P = ProblemType.BASE_URI;
    private TestKeys.TestKey key;

    @BeforeEach
    void key() {
        key = TestKeys.create();
    }

    @Test
    void malformedJsonIs400() {
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body("{\"name\": \"a\",")
                .post("/api/v1/widgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(P + "malformed-request"))
                .body("status", equalTo(400))
                .body("instance", equalTo("/api/v1/widgets"))
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void wrongTypeNamesTheField() {
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"name\": \"a\", \"quantity\": \"many\"}")
                .post("/api/v1/widgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(P + "validation-failed"))
                .body("errors[0].field", equalTo("quantity"))
                .body("errors[0].message", containsString("number"));
    }

    @Test
    void beanValidationListsEveryFieldWithItsPath() {
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"name\": \"\", \"quantity\": -1, \"parts\": [{\"label\": \"ok\"}, {\"label\": \" \"}]}")
                .post("/api/v1/widgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(P + "validation-failed"))
                .body("errors.field", hasItem("name"))
                .body("errors.field", hasItem("quantity"))
                .body("errors.field", hasItem("parts[1].label"));
    }

    @Test
    void missingBodyIsAValidationProblem() {
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .post("/api/v1/widgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", containsString(P));
    }

    @Test
    void unknownRouteIs404() {
        given().header("Authorization", key.bearer()).get("/api/v1/nothing-here")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(P + "not-found"));
        given().get("/not-an-api-path")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(P + "not-found"));
    }

    @Test
    void unknownIdIs404() {
        given().header("Authorization", key.bearer()).get("/api/v1/widgets/wdg_01JD0000000000000000000000")
                .then().statusCode(404).contentType("application/problem+json")
                .body("type", equalTo(P + "not-found"));
    }

    @Test
    void wrongMethodIs405() {
        given().header("Authorization", key.bearer()).put("/api/v1/widgets")
                .then().statusCode(405).contentType("application/problem+json")
                .body("type", equalTo(P + "method-not-allowed"));
    }

    @Test
    void wrongMediaTypeIs415() {
        given().header("Authorization", key.bearer()).contentType("application/xml").body("<widget/>")
                .post("/api/v1/widgets")
                .then().statusCode(415).contentType("application/problem+json")
                .body("type", equalTo(P + "unsupported-media-type"));
    }

    @Test
    void unparseableContentTypeIs400() {
        given().header("Authorization", key.bearer()).header("Content-Type", "not a media type;;").body("{}".getBytes())
                .post("/api/v1/widgets")
                .then().statusCode(400).contentType("application/problem+json")
                .body("type", equalTo(P + "malformed-request"));
    }

    @Test
    void bodyOverTheLimitIs413() {
        String big = "{\"name\": \"" + "x".repeat(2 * 1024 * 1024) + "\", \"quantity\": 1}";
        given().header("Authorization", key.bearer()).contentType(ContentType.JSON).body(big)
                .post("/api/v1/widgets")
                .then().statusCode(413).contentType("application/problem+json")
                .body("type", equalTo(P + "payload-too-large"));
    }

    @Test
    void missingOrBadAuthIs401WithChallenge() {
        given().get("/api/v1/widgets")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("type", equalTo(P + "unauthorized"));
        given().header("Authorization", "Basic dXNlcjpwYXNz").get("/api/v1/widgets")
                .then().statusCode(401).body("type", equalTo(P + "unauthorized"));
        given().header("Authorization", "Bearer sk_test_doesnotexist").get("/api/v1/widgets")
                .then().statusCode(401).body("detail", equalTo("Unknown API key"));
        given().header("Authorization", "Bearer nonsense").get("/api/v1/widgets")
                .then().statusCode(401).body("detail", containsString("sk_test_"));
    }

    @Test
    void conflictIs409AndChangesNothing() {
        String id = given().header("Authorization", key.bearer()).contentType(ContentType.JSON)
                .body("{\"name\": \"locked widget\", \"quantity\": 1}")
                .post("/api/v1/widgets").then().statusCode(201).extract().path("id");
        given().header("Authorization", key.bearer()).delete("/api/v1/widgets/" + id)
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", equalTo(P + "conflict"));
        given().header("Authorization", key.bearer()).get("/api/v1/widgets/" + id).then().statusCode(200);
    }

    @Test
    void unexpectedFailureIs500WithAnErrorIdAndNoInternals() {
        given().header("Authorization", key.bearer()).get("/api/v1/widgets/boom")
                .then().statusCode(500).contentType("application/problem+json")
                .body("type", equalTo(P + "internal-error"))
                .body("errorId", notNullValue())
                .body("detail", not(containsString("secret internal detail")))
                .body("stackTrace", nullValue())
                .body(not(containsString("at dev.signport")));
    }

    @Test
    void badPaginationParametersAre400() {
        given().header("Authorization", key.bearer()).queryParam("limit", 1000).get("/api/v1/widgets")
                .then().statusCode(400).body("errors[0].field", equalTo("limit"));
        given().header("Authorization", key.bearer()).queryParam("cursor", "%%%").get("/api/v1/widgets")
                .then().statusCode(400).body("errors[0].field", equalTo("cursor"));
    }
}
