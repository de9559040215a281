package dev.signport.platform.store;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.signport.platform.testing.TestKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Concurrent read-decide-write on one aggregate loses nothing when the aggregate row is locked
 * (TenantRepository.lockForTenant), and its events get consecutive sequences.
 */
@QuarkusTest
class AggregateLockTest {

    @Inject
    AgroalDataSource dataSource;

    @Test
    void concurrentIncrementsOfOneWidgetAllCount() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = given().header("Authorization", key.bearer()).contentType("application/json")
                .body("{\"name\":\"counter\",\"quantity\":0}").post("/api/v1/widgets").then().statusCode(201)
                .extract().path("id");
        int n = 12;
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                calls.add(() -> given().header("Authorization", key.bearer()).post("/api/v1/widgets/" + id + "/increment")
                        .statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdownNow();
        }
        given().header("Authorization", key.bearer()).get("/api/v1/widgets/" + id).then().statusCode(200)
                .body("quantity", org.hamcrest.Matchers.equalTo(n));
        // The widget's events on its topic: sequences 1 (created) .. n + 1, no gap, no duplicate.
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "select last_sequence from outbox_topic_sequence where aggregate_id = ? and topic = ?")) {
            ps.setString(1, id);
            ps.setString(2, dev.signport.platform.testapp.WidgetService.TOPIC);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertEquals(n + 1, rs.getLong(1));
            }
        }
    }
}
