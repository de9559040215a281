package dev.signport.document.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.signport.document.support.Docs;
import dev.signport.document.support.TestPdfs;
import dev.signport.platform.testing.RawHttp;
import dev.signport.platform.testing.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The attack the route-bound authentication closes: a path whose raw form does not start with
 * {@code /internal/} but that the HTTP stack decodes or normalises onto an internal route. Every
 * such spelling that reaches the route (proved by the same request with the service token) gets
 * 401 without it, so no tenant's PDF can be read and no "signed" PDF planted.
 */
@QuarkusTest
class InternalPathShapesTest {

    @TestHTTPResource("/")
    URL root;

    @Test
    void readingAnyTenantsPdfNeedsTheServiceTokenInEverySpelling() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        String id = Docs.upload(key, TestPdfs.pages(1));
        List<String> failures = new ArrayList<>();
        int reached = 0;
        for (String route : List.of("/internal/documents/" + id, "/internal/documents/" + id + "/content")) {
            for (String path : RawHttp.shapesOf(route)) {
                int withToken = RawHttp.send(root.getPort(), "GET", path,
                        Map.of("Authorization", "Bearer " + Docs.serviceToken()), null).status();
                int anonymous = RawHttp.send(root.getPort(), "GET", path, Map.of(), null).status();
                int withKey = RawHttp.send(root.getPort(), "GET", path, Map.of("Authorization", key.bearer()), null).status();
                if (anonymous < 400 || withKey < 400) {
                    failures.add("GET " + path + " served without the token: " + anonymous + "/" + withKey);
                } else if (withToken == 200 && (anonymous != 401 || withKey != 401)) {
                    failures.add("GET " + path + " reaches the route but answered " + anonymous + "/" + withKey);
                }
                if (withToken == 200) {
                    reached++;
                }
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertTrue(reached >= 10, "normalising spellings reach the routes with the token: " + reached);
    }

    @Test
    void plantingASignedPdfNeedsTheServiceTokenInEverySpelling() throws Exception {
        TestKeys.TestKey key = TestKeys.create();
        byte[] pdf = TestPdfs.pages(1);
        List<String> failures = new ArrayList<>();
        for (String path : RawHttp.shapesOf("/internal/documents")) {
            String target = path + (path.contains("?") ? "" : "?") + "tenantId=" + key.tenantId() + "&kind=SIGNED";
            int anonymous = RawHttp.send(root.getPort(), "POST", target, Map.of("Content-Type", "application/pdf"), pdf).status();
            int withKey = RawHttp.send(root.getPort(), "POST", target,
                    Map.of("Content-Type", "application/pdf", "Authorization", key.bearer()), pdf).status();
            if (anonymous < 400 || withKey < 400) {
                failures.add("POST " + path + " stored a PDF without the token: " + anonymous + "/" + withKey);
            }
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
        assertEquals(0, Docs.count("select count(*) from document where tenant_id = ? and kind = 'SIGNED'",
                key.tenantId()), "nothing was planted");
        // The route is reachable with the token, so the refusals above were authentication's.
        assertEquals(201, RawHttp.send(root.getPort(), "POST", "/internal/documents?tenantId=" + key.tenantId()
                + "&kind=SIGNED", Map.of("Content-Type", "application/pdf", "Authorization", "Bearer " + Docs.serviceToken()),
                pdf).status());
    }
}
