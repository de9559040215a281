package dev.signport.envelope;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The service boots against the real infrastructure and reports ready, as Kubernetes probes it. */
@QuarkusTest
class ReadinessTest {

    @Test
    void answersReadinessAndLiveness() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
