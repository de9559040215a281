package dev.signport.signer;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/** The signer with its document-service, SMTP server and timestamp authority. */
public class SignerProfile implements QuarkusTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(SignerTestResources.class));
    }
}
