package dev.signport.connector.core.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@link VendorHooks} over the vendor-simulators' control API ({@code /_control/{vendor}/…}, see
 * provider-connectors/vendor-simulators/README.md); a vendor's test adds what is specific to it.
 */
public abstract class SimulatorHooks implements VendorHooks {

    private final String baseUrl;
    private final String vendor;

    protected SimulatorHooks(String baseUrl, String vendor) {
        this.baseUrl = baseUrl;
        this.vendor = vendor;
    }

    @Override
    public String provider() {
        return vendor;
    }

    protected String control() {
        return baseUrl + "/_control/" + vendor;
    }

    public String simulatorUrl() {
        return baseUrl;
    }

    @Override
    public void reset() {
        clearFaults();
        clearCalls();
    }

    @Override
    public void clearCalls() {
        given().delete(control() + "/calls").then().statusCode(204);
    }

    @Override
    public List<VendorCall> calls() {
        return Arrays.asList(given().get(control() + "/calls").then().statusCode(200).extract().as(VendorCall[].class));
    }

    @Override
    public void view(String externalId, String email) {
        act(externalId, email, "view", null);
    }

    @Override
    public void sign(String externalId, String email) {
        act(externalId, email, "sign", null);
    }

    @Override
    public void decline(String externalId, String email, String reason) {
        act(externalId, email, "decline", Map.of("reason", reason));
    }

    private void act(String externalId, String email, String action, Map<String, String> body) {
        var request = given().contentType(ContentType.JSON);
        if (body != null) {
            request = request.body(body);
        }
        request.post(control() + "/envelopes/" + externalId + "/recipients/" + email + "/" + action).then().statusCode(200);
    }

    @Override
    public String vendorState(String externalId) {
        return given().get(control() + "/envelopes/" + externalId).then().statusCode(200).extract().path(stateField());
    }

    /** The field of the control view holding the vendor's status word. */
    protected abstract String stateField();

    @Override
    public void failWithStatus(String operation, int status, Integer retryAfterSeconds, int times) {
        Map<String, Object> fault = new HashMap<>(Map.of("operation", operation, "kind", "status", "status", status,
                "times", times));
        if (retryAfterSeconds != null) {
            fault.put("retryAfterSeconds", retryAfterSeconds);
        }
        addFault(fault);
    }

    @Override
    public void delay(String operation, long delayMs, int times) {
        addFault(Map.of("operation", operation, "kind", "delay", "delayMs", delayMs, "times", times));
    }

    @Override
    public void dropCallbacks() {
        addFault(Map.of("operation", "callback", "kind", "drop-callback", "times", -1));
    }

    private void addFault(Map<String, Object> fault) {
        given().contentType(ContentType.JSON).body(fault).post(control() + "/faults").then().statusCode(201);
    }

    @Override
    public void clearFaults() {
        given().delete(control() + "/faults").then().statusCode(204);
    }
}
