package dev.signport.signer;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.signport.contracts.Mode;
import dev.signport.contracts.Topics;
import dev.signport.contracts.cloudevents.CloudEventHeaders;
import dev.signport.contracts.cloudevents.EventSources;
import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.ProviderCommand;
import dev.signport.contracts.provider.ProviderEvent;
import dev.signport.contracts.provider.SendEnvelope;
import dev.signport.platform.id.Ids;
import dev.signport.platform.testing.KafkaProbe;
import dev.signport.platform.testing.TestKafka;
import dev.signport.platform.testing.TestKeys;
import io.restassured.response.Response;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/** What the signer's tests share: documents, commands, provider events, mailboxes. */
final class Fixture {

    static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .setSerializationInclusion(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private static final AtomicLong SEQUENCE = new AtomicLong();
    private static final Pattern LINK = Pattern.compile("https?://[^\\s\"<>]+/sign/local/[A-Za-z0-9_-]{43}");
    private static TestKeys.TestKey key;

    record Doc(String documentId, String name, byte[] bytes) {
        SendEnvelope.Document asCommand() {
            return new SendEnvelope.Document(documentId, name, dev.signport.pades.PadesSigner.sha256Hex(bytes),
                    bytes.length, 1);
        }
    }

    record Person(String recipientId, String email, String name) {}

    private Fixture() {
    }

    static synchronized TestKeys.TestKey key() {
        if (key == null) {
            key = TestKeys.create();
        }
        return key;
    }

    static Person person(String first) {
        String unique = Long.toString(System.nanoTime(), 36) + SEQUENCE.incrementAndGet();
        return new Person(Ids.newId("rcp"), first + "." + unique + "@example.com",
                Character.toUpperCase(first.charAt(0)) + first.substring(1) + " Tester");
    }

    /** A one-page contract with an anchor text for the second signer. */
    static byte[] contract(String title) {
        try (PDDocument doc = new PDDocument()) {
            PDPage page = new PDPage(PDRectangle.A4);
            doc.addPage(page);
            try (PDPageContentStream cs = new PDPageContentStream(doc, page)) {
                cs.beginText();
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD), 16);
                cs.newLineAtOffset(72, 770);
                cs.showText(title);
                cs.setFont(new PDType1Font(Standard14Fonts.FontName.HELVETICA), 11);
                for (int line = 1; line <= 12; line++) {
                    cs.newLineAtOffset(0, -24);
                    cs.showText("Clause " + line + ": the parties agree to what this test document says.");
                }
                cs.newLineAtOffset(0, -60);
                cs.showText("Employee:");
                cs.newLineAtOffset(260, 0);
                cs.showText("{{employer}}");
                cs.endText();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            doc.save(out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Doc upload(byte[] pdf, String name) {
        TestKeys.TestKey k = key();
        String[] id = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            Response r = given().baseUri(SignerTestResources.documentServiceUrl).header("Authorization", k.bearer())
                    .contentType("application/pdf").queryParam("name", name).body(pdf).post("/api/v1/documents");
            if (r.statusCode() == 401) {
                return false;
            }
            assertEquals(201, r.statusCode(), r.asString());
            id[0] = r.path("id");
            return true;
        });
        return new Doc(id[0], name, pdf);
    }

    static byte[] download(String documentId) {
        return given().baseUri(SignerTestResources.documentServiceUrl).header("Authorization", key().bearer())
                .get("/api/v1/documents/" + documentId + "/content").then().statusCode(200).extract().asByteArray();
    }

    static SendEnvelope command(List<Doc> docs, List<SendEnvelope.Recipient> recipients, SigningOrder order,
            List<String> frameAncestors) {
        return new SendEnvelope("cmd_" + UUID.randomUUID(), Ids.newId("env"), key().tenantId(), Mode.TEST,
                Instant.now(), "Employment contract", "Please sign by Friday.", "en",
                docs.stream().map(Doc::asCommand).toList(), recipients, order, SignatureLevel.AES, null, null, null,
                frameAncestors);
    }

    static SendEnvelope.Recipient recipient(Person p, int order, List<SendEnvelope.Field> fields,
            SendEnvelope.Authentication auth, String phone) {
        return new SendEnvelope.Recipient(p.recipientId(), p.email(), p.name(), RecipientRole.SIGNER, order, phone,
                fields, auth);
    }

    static void publish(ProviderCommand command) {
        Map<String, String> headers = new HashMap<>();
        headers.put(CloudEventHeaders.CE_SPECVERSION, CloudEventHeaders.SPEC_VERSION);
        headers.put(CloudEventHeaders.CE_ID, UUID.randomUUID().toString());
        headers.put(CloudEventHeaders.CE_SOURCE, EventSources.ENVELOPE_SERVICE);
        headers.put(CloudEventHeaders.CE_TYPE, command.type());
        headers.put(CloudEventHeaders.CE_TIME, DateTimeFormatter.ISO_INSTANT.format(command.issuedAt()));
        headers.put(CloudEventHeaders.CE_SUBJECT, command.envelopeId());
        headers.put(CloudEventHeaders.CE_PARTITIONKEY, command.envelopeId());
        headers.put(CloudEventHeaders.CE_TENANTID, command.tenantId());
        headers.put(CloudEventHeaders.CE_SEQUENCE, CloudEventHeaders.formatSequence(SEQUENCE.incrementAndGet()));
        headers.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON);
        try {
            TestKafka.send(Topics.providerCommands("local"), command.envelopeId(), MAPPER.writeValueAsString(command),
                    headers);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static <E extends ProviderEvent> E awaitEvent(KafkaProbe events, String envelopeId, Class<E> type) {
        String ceType;
        try {
            ceType = (String) type.getField("TYPE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(e);
        }
        java.util.function.Predicate<ConsumerRecord<String, String>> match = r -> envelopeId.equals(r.key())
                && ceType.equals(KafkaProbe.header(r, CloudEventHeaders.CE_TYPE));
        ConsumerRecord<String, String> record = events.awaitRecord(match).stream().filter(match).findFirst()
                .orElseThrow();
        try {
            return type.cast(MAPPER.readValue(record.value(), ProviderEvent.class));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mails received by {@code email} so far. */
    static List<MimeMessage> mails(String email) {
        return Arrays.stream(SignerTestResources.mail.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getAllRecipients()).anyMatch(a -> a.toString().contains(email));
            } catch (jakarta.mail.MessagingException e) {
                return false;
            }
        }).toList();
    }

    static String body(MimeMessage m) {
        return com.icegreen.greenmail.util.GreenMailUtil.getBody(m).replace("=\r\n", "").replace("=3D", "=");
    }

    /** Waits for a mail to {@code email} whose subject starts with {@code subjectPrefix}. */
    static MimeMessage awaitMail(String email, String subjectPrefix) {
        MimeMessage[] found = new MimeMessage[1];
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            for (MimeMessage m : mails(email)) {
                if (m.getSubject().startsWith(subjectPrefix)) {
                    found[0] = m;
                    return true;
                }
            }
            return false;
        });
        return found[0];
    }

    /** The signing link in the invitation {@code email} received. */
    static String linkFromMail(String email) {
        String body = body(awaitMail(email, "Please sign"));
        Matcher m = LINK.matcher(body);
        if (!m.find()) {
            throw new AssertionError("no signing link in the invitation: " + body);
        }
        return m.group();
    }

    static Optional<String> tokenOf(String link) {
        int at = link.lastIndexOf('/');
        return at < 0 ? Optional.empty() : Optional.of(link.substring(at + 1));
    }
}
