package dev.signport.signer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.signport.contracts.Topics;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.FieldType;
import dev.signport.contracts.provider.ProviderAccepted;
import dev.signport.contracts.provider.ProviderCompleted;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.pades.IndependentChecks;
import dev.signport.platform.testing.KafkaProbe;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A signer in a real browser (Debian's chromium, headless, driven by Playwright): opens the link from the mail on a
 * phone-sized screen, sees the document page with the field to sign, draws a signature, ticks the consent, signs and
 * sees the confirmation. Screenshots of each step go to target/screenshots/.
 */
@QuarkusTest
@TestProfile(SignerProfile.class)
class BrowserSigningTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    @Test
    void aSignerDrawsConsentsAndSignsInTheBrowser() throws Exception {
        if (!Files.isExecutable(CHROMIUM)) {
            assertFalse("true".equals(System.getenv("CI")), "CI installs chromium (.ci/run): it must be there");
            Assumptions.abort("chromium is not installed: apt-get install chromium");
        }
        Fixture.Person grace = Fixture.person("grace");
        Fixture.Doc doc = Fixture.upload(Fixture.contract("Consulting agreement"), "agreement.pdf");
        SendEnvelope send = Fixture.command(List.of(doc), List.of(Fixture.recipient(grace, 1,
                List.of(new SendEnvelope.Field(FieldType.SIGNATURE, doc.documentId(), null, null, null, null, null,
                        "{{employer}}")), null, null)), SigningOrder.PARALLEL, List.of());
        try (KafkaProbe events = new KafkaProbe(Topics.PROVIDER_EVENTS)) {
            Fixture.publish(send);
            Fixture.awaitEvent(events, send.envelopeId(), ProviderAccepted.class);
            String link = Fixture.linkFromMail(grace.email());
            Files.createDirectories(SCREENSHOTS);

            try (Playwright playwright = Playwright.create(new Playwright.CreateOptions()
                    .setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
                    Browser browser = playwright.chromium().launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(CHROMIUM).setHeadless(true)
                            .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")))) {
                BrowserContext phone = browser.newContext(new Browser.NewContextOptions()
                        .setViewportSize(390, 844).setDeviceScaleFactor(2).setIsMobile(true).setHasTouch(true)
                        .setUserAgent("Mozilla/5.0 (iPhone; Signport browser test)"));
                Page page = phone.newPage();
                page.navigate(link);
                page.locator("#subject").filter(new Locator.FilterOptions().setHasText("Employment contract")).waitFor();
                Locator image = page.locator(".page img");
                image.first().waitFor();
                page.waitForFunction("() => { const i = document.querySelector('.page img');"
                        + " return i && i.complete && i.naturalWidth > 0; }");
                assertEquals(1, page.locator(".field").count(), "the field to sign is shown on the page");
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("1-document.png"))
                        .setFullPage(true));

                Locator pad = page.locator("#pad");
                pad.scrollIntoViewIfNeeded();
                var box = pad.boundingBox();
                page.mouse().move(box.x + 20, box.y + box.height * 0.7);
                page.mouse().down();
                page.mouse().move(box.x + box.width * 0.3, box.y + box.height * 0.2, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(8));
                page.mouse().move(box.x + box.width * 0.5, box.y + box.height * 0.75, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(8));
                page.mouse().move(box.x + box.width * 0.9, box.y + box.height * 0.3, new com.microsoft.playwright.Mouse.MoveOptions().setSteps(8));
                page.mouse().up();
                assertTrue(page.locator("#sign").isDisabled(), "no signing before consent");
                page.locator("#consent").check();
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("2-signature-and-consent.png")));
                page.locator("#sign").click();
                page.locator("#message").filter(new Locator.FilterOptions().setHasText("Signed.")).waitFor();
                page.screenshot(new Page.ScreenshotOptions().setPath(SCREENSHOTS.resolve("3-confirmation.png")));

                // Reopening the used link says so.
                page.navigate(link);
                page.locator("#message").filter(new Locator.FilterOptions().setHasText("You have signed")).waitFor();
            }
            ProviderCompleted completed = Fixture.awaitEvent(events, send.envelopeId(), ProviderCompleted.class);
            IndependentChecks.assertAllIntact(Fixture.download(completed.signedDocumentId()), 2);
        }
    }
}
