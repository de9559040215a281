package dev.signport.connector;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

/**
 * The service boots against the real infrastructure and reports ready, as Kubernetes probes it (run in
 * the Certyneo profile so that it shares that application instead of booting another).
 */
@QuarkusTest
@TestProfile(CertyneoProfile.class)
class ReadinessTest {

    @Test
    void answersReadinessAndLiveness() {
        given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP"));
        given().get("/q/health/live").then().statusCode(200).body("status", equalTo("UP"));
    }
}
