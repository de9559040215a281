package dev.signport.platform.auth;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.platform.idempotency.Fingerprints;
import dev.signport.platform.idempotency.Idempotent;
import dev.signport.platform.testing.RawHttp;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Authentication is decided on the matched resource method, not on a spelling of the path: every
 * spelling of an internal route that reaches it needs the service token, and a route nobody
 * declared stops the service from booting.
 */
@QuarkusTest
class RouteAuthTest {

    private static final String TOKEN = "platform-test-service-token";

    @TestHTTPResource("/")
    URL root;

    private String createWidget(TestKeys.TestKey key) {
        return given().header("Authorization", key.bearer()).contentType("application/json")
                .body("{\"name\":\"w\",\"quantity\":1}").post("/api/v1/widgets").then().statusCode(201)
                .extract().path("id");
    }

    @Test
    void everySpellingOfAnInternalRouteThatReachesItNeedsTheServiceToken() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = createWidget(key);
        int reached = 0;
        List<String> failures = new ArrayList<>();
        for (String path : RawHttp.shapesOf("/internal/widgets/" + id)) {
            RawHttp.Reply withToken = RawHttp.send(root.getPort(), "GET", path, Map.of("Authorization", "Bearer " + TOKEN), null);
            RawHttp.Reply anonymous = RawHttp.send(root.getPort(), "GET", path, Map.of(), null);
            RawHttp.Reply withApiKey = RawHttp.send(root.getPort(), "GET", path, Map.of("Authorization", key.bearer()), null);
            if (anonymous.status() < 400 || withApiKey.status() < 400) {
                failures.add(path + " served without the service token: " + anonymous.status() + "/" + withApiKey.status());
            }
            if (withToken.status() == 200) {
                reached++;
                if (anonymous.status() != 401 || withApiKey.status() != 401) {
                    failures.add(path + " routes to the internal resource but answered " + anonymous.status() + " (anonymous) / "
                            + withApiKey.status() + " (API key) instead of 401");
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(reached >= 5, "the normalising spellings reach the route with the token (" + reached + ")");
    }

    @Test
    void writesToAnInternalRouteNeedTheServiceTokenInEverySpelling() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = createWidget(key);
        byte[] body = "planted".getBytes(StandardCharsets.UTF_8);
        for (String path : RawHttp.shapesOf("/internal/widgets/" + id + "/name")) {
            Map<String, String> h = new HashMap<>(Map.of("Content-Type", "text/plain"));
            RawHttp.Reply anonymous = RawHttp.send(root.getPort(), "PUT", path, h, body);
            assertTrue(anonymous.status() == 401 || anonymous.status() == 404 || anonymous.status() == 405,
                    path + " answered " + anonymous.status());
        }
        given().header("Authorization", key.bearer()).get("/api/v1/widgets/" + id).then().statusCode(200)
                .body("name", org.hamcrest.Matchers.equalTo("w"));
        // With the token the write works: the route was reachable all along.
        RawHttp.Reply ok = RawHttp.send(root.getPort(), "PUT", "/internal/widgets/" + id + "/name",
                Map.of("Content-Type", "text/plain", "Authorization", "Bearer " + TOKEN), body);
        assertEquals(200, ok.status());
    }

    @Test
    void everySpellingOfAPublicRouteNeedsAKey() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = createWidget(key);
        for (String path : RawHttp.shapesOf("/api/v1/widgets/" + id)) {
            RawHttp.Reply anonymous = RawHttp.send(root.getPort(), "GET", path, Map.of(), null);
            RawHttp.Reply withToken = RawHttp.send(root.getPort(), "GET", path, Map.of("Authorization", "Bearer " + TOKEN), null);
            assertTrue(anonymous.status() >= 400 && withToken.status() >= 400,
                    path + " served without an API key: " + anonymous.status() + "/" + withToken.status());
        }
    }

    @Test
    void anAnonymousRouteIsOpenOnPurpose() {
        given().get("/internal/widgets/ping").then().statusCode(200);
    }

    @Test
    void theRunningAppDeclaresEveryRoute() {
        assertEquals(List.of(), RouteDeclarations.undeclared());
        assertTrue(RouteDeclarations.resourceClasses().size() >= 2);
    }

    // Not @Path-annotated at class level: Quarkus would deploy it as a resource (and refuse to boot).
    static class Undeclared {
        @GET
        public String open() {
            return "";
        }

        @GET
        @Path("/fine")
        @PublicApi
        public String fine() {
            return "";
        }

        @POST
        @PublicApi
        @Internal
        public String both() {
            return "";
        }
    }

    @PublicApi
    static class UnfingerprintableUpload {
        @POST
        @Idempotent
        public Uni<jakarta.ws.rs.core.Response> upload(InputStream body) {
            return null;
        }
    }

    @Test
    void aMethodWithoutDeclarationOrWithTwoIsReported() throws Exception {
        List<String> problems = RouteAccess.undeclared(Undeclared.class);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("#open declares no access")), problems.toString());
        assertTrue(problems.stream().anyMatch(p -> p.contains("both") && p.contains("declares both")), problems.toString());
    }

    @Test
    void anIdempotentParameterThatCannotBeComparedByValueIsReported() throws Exception {
        List<String> problems = Fingerprints.unfingerprintable(
                UnfingerprintableUpload.class.getMethod("upload", InputStream.class));
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("java.io.InputStream"), problems.get(0));
        assertFalse(Fingerprints.unfingerprintable(dev.signport.platform.testapp.WidgetResource.class.getMethod("create",
                dev.signport.platform.testapp.WidgetDtos.CreateWidget.class)).size() > 0);
        // Durations and instants are values, as their JSON is.
        assertEquals(List.of(), Fingerprints.unfingerprintable(TimedBody.class.getMethod("post", Timed.class)));
    }

    public record Timed(java.time.Duration every, java.time.Instant at, java.time.Period period) {
    }

    public static class TimedBody {
        public void post(Timed body) {
        }
    }
}
