package dev.signport.platform.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** What a platform team probes: health, metrics and the OpenAPI document. */
@QuarkusTest
class PlatformEndpointsTest {

    @Test
    void readyOnceDatabaseKafkaAndKeyReplicaAreUp() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"))
                .body(containsString("api-key-replica"));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void metricsArePrometheusText() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("signport_outbox_published"));
    }

    @Test
    void openApiDocumentsTheBearerSchemeAndProblems() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("\"apiKey\""))
                .body(containsString("bearer"))
                .body(containsString("/api/v1/widgets"))
                .body(containsString("#/components/schemas/Problem"))
                .body(containsString("application/problem+json"));
    }
}
