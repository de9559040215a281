package dev.signport.platform.api;

import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * Adds the RFC 9457 {@code Problem} schema and the error responses every {@code /api/} operation can
 * give (400, 401, 404, 429, 500 as {@code application/problem+json}) to each service's OpenAPI
 * document, so clients see the error contract without every resource repeating it.
 */
public class ProblemOpenApiFilter implements OASFilter {

    private static final String REF = "#/components/schemas/Problem";
    private static final Map<String, String> COMMON = Map.of(
            "400", "Malformed request or invalid fields (see errors[])",
            "401", "Missing, unknown or revoked API key",
            "404", "No such resource for this tenant",
            "429", "Rate limit exceeded; see Retry-After",
            "500", "Unexpected error; quote errorId");

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getComponents() == null) {
            openAPI.setComponents(OASFactory.createComponents());
        }
        openAPI.getComponents().addSchema("Problem", problemSchema());
        if (openAPI.getPaths() == null || openAPI.getPaths().getPathItems() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().forEach((path, item) -> {
            if (path.startsWith("/api/")) {
                item.getOperations().values().forEach(this::addErrors);
            }
        });
    }

    private void addErrors(Operation op) {
        APIResponses responses = op.getResponses() == null ? OASFactory.createAPIResponses() : op.getResponses();
        COMMON.forEach((status, description) -> {
            if (!responses.hasAPIResponse(status)) {
                responses.addAPIResponse(status, OASFactory.createAPIResponse().description(description)
                        .content(OASFactory.createContent().addMediaType(Problems.MEDIA_TYPE,
                                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(REF)))));
            }
        });
        op.setResponses(responses);
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        Schema fieldError = OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .addProperty("field", string).addProperty("message", string);
        return OASFactory.createSchema().addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .addProperty("type", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .format("uri").description("Stable URI naming the kind of problem"))
                .addProperty("title", string)
                .addProperty("status", OASFactory.createSchema().addType(Schema.SchemaType.INTEGER))
                .addProperty("detail", string)
                .addProperty("instance", string)
                .addProperty("errorId", OASFactory.createSchema().addType(Schema.SchemaType.STRING)
                        .description("Logged correlation id, only on server errors"))
                .addProperty("errors", OASFactory.createSchema().addType(Schema.SchemaType.ARRAY).items(fieldError))
                .addRequired("type").addRequired("title").addRequired("status");
    }

}
