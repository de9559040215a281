package dev.signport.signer.adapter;

import dev.signport.connector.core.spi.Accepted;
import dev.signport.connector.core.spi.CallbackVerdict;
import dev.signport.connector.core.spi.Features;
import dev.signport.connector.core.spi.InboundCallback;
import dev.signport.connector.core.spi.OutgoingEnvelope;
import dev.signport.connector.core.spi.Probe;
import dev.signport.connector.core.spi.SendProgress;
import dev.signport.connector.core.spi.SignatureProvider;
import dev.signport.connector.core.spi.VendorException;
import dev.signport.connector.core.spi.VendorRef;
import dev.signport.connector.core.spi.VendorStatus;
import dev.signport.contracts.Providers;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.provider.FieldType;
import dev.signport.signer.domain.SigningService;
import io.quarkus.arc.lookup.LookupIfProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;

/**
 * The {@code local} provider: Signport is its own vendor. "Sending" creates the signing sessions and queues the
 * invitations in this service's database; the signers act on Signport's signing page; each change pokes the core
 * through the envelope's own callback, in process, and the core reads {@link #status} like any vendor's.
 */
@ApplicationScoped
@LookupIfProperty(name = "signport.connector.provider", stringValue = Providers.LOCAL)
public class LocalProvider implements SignatureProvider {

    private static final long MAX_DOCUMENT_BYTES = 64L << 20;

    private final SigningService signing;

    public LocalProvider(SigningService signing) {
        this.signing = signing;
    }

    @Override
    public String name() {
        return Providers.LOCAL;
    }

    @Override
    public Features features() {
        // One PAdES signature per signer with the platform's key: simple or advanced electronic signatures, never
        // qualified (that needs a qualified certificate per signer). Only SIGNATURE fields are drawn.
        return new Features(List.of(SignatureLevel.SES, SignatureLevel.AES), true, true, true, false, true,
                List.of(FieldType.SIGNATURE), MAX_DOCUMENT_BYTES, true);
    }

    @Override
    public Uni<Accepted> send(OutgoingEnvelope envelope, SendProgress progress) {
        String token = lastSegment(envelope.callbackUrl());
        return Blocking.call(() -> signing.accept(envelope, token));
    }

    @Override
    public Uni<Void> cancel(VendorRef ref, String reason) {
        return Blocking.call(() -> signing.cancel(ref.envelopeId(), reason)).replaceWithVoid();
    }

    @Override
    public Uni<VendorStatus> status(VendorRef ref) {
        return Blocking.call(() -> {
            try {
                return signing.status(ref.envelopeId());
            } catch (SigningService.LinkProblem e) {
                throw new VendorException("status", 404, "NOT_FOUND", "unknown envelope", null);
            }
        });
    }

    @Override
    public Uni<byte[]> download(VendorRef ref) {
        return Blocking.call(() -> signing.signedDocument(ref.envelopeId()));
    }

    @Override
    public CallbackVerdict verifyCallback(VendorRef ref, InboundCallback callback) {
        // The signing page pokes in process; a request from outside on the token only makes the core re-read the
        // status from our own tables, which is harmless.
        return CallbackVerdict.RELEVANT;
    }

    @Override
    public Uni<Probe> probe() {
        return Uni.createFrom().item(Probe.ok());
    }

    private static String lastSegment(String url) {
        String path = URI.create(url).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
