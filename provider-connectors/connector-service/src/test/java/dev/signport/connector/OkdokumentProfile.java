package dev.signport.connector;

import dev.signport.connector.core.testing.ConnectorTestResources;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** The connector serving OKdokument, with a vendor simulator and a document-service around it. */
public class OkdokumentProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("signport.connector.provider", "okdokument");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(ConnectorTestResources.class));
    }
}
