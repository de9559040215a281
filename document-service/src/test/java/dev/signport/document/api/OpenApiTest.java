package dev.signport.document.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/** The three upload forms and the content route are documented in the OpenAPI description. */
@QuarkusTest
class OpenApiTest {

    @Test
    void documentsTheUploadFormsAndTheContentRoute() {
        given().queryParam("format", "json").get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/documents/{id}/content"))
                .body(containsString("multipart/form-data"))
                .body(containsString("DocumentUploadForm"))
                .body(containsString("DocumentUploadJson"))
                .body(containsString("application/pdf"));
    }
}
