package dev.signport.connector.core.domain;

import dev.signport.connector.core.client.DocumentUnavailable;
import dev.signport.connector.core.resilience.VendorUnreachable;
import dev.signport.connector.core.spi.EnvelopeRefused;
import dev.signport.connector.core.spi.VendorException;
import dev.signport.contracts.envelope.FailureCode;
import java.util.Optional;

/**
 * How a failed command is reported ({@code provider.failed}): whether sending it again later may help,
 * the code, a reason without secrets (the vendor's own message for a refusal) and the vendor's code.
 */
public record Failure(boolean retryable, FailureCode code, String reason, String vendorCode) {

    /**
     * The report for a failure of the vendor or of document-service; empty for anything else (a database
     * blip, a lost claim), which the command consumer retries instead of reporting.
     */
    public static Optional<Failure> of(String provider, Throwable e) {
        if (e instanceof EnvelopeRefused r) {
            return Optional.of(new Failure(false, r.code(), r.getMessage(), r.vendorCode()));
        }
        if (e instanceof DocumentUnavailable d) {
            return Optional.of(new Failure(d.retryable(), FailureCode.DOCUMENT_UNAVAILABLE, d.getMessage(), null));
        }
        if (e instanceof VendorUnreachable u) {
            return Optional.of(new Failure(true, u.kind() == VendorUnreachable.Kind.UNREADABLE
                    ? FailureCode.INTERNAL_ERROR : FailureCode.PROVIDER_UNAVAILABLE, u.getMessage(), null));
        }
        if (e instanceof VendorException v) {
            return Optional.of(ofStatus(provider, v));
        }
        return Optional.empty();
    }

    private static Failure ofStatus(String provider, VendorException v) {
        String vendorCode = v.vendorCode() != null ? v.vendorCode() : "HTTP " + v.status();
        String said = v.vendorMessage() != null ? v.vendorMessage()
                : provider + " answered HTTP " + v.status() + " to " + v.operation();
        if (v.status() == 429) {
            return new Failure(true, FailureCode.RATE_LIMITED,
                    provider + " kept throttling " + v.operation() + " (429) after our retries: " + said, vendorCode);
        }
        if (v.retryable()) {
            return new Failure(true, FailureCode.PROVIDER_UNAVAILABLE,
                    provider + " failed " + v.operation() + " after our retries: " + said, vendorCode);
        }
        FailureCode code = switch (v.status()) {
            case 401, 403 -> FailureCode.PROVIDER_UNAUTHORIZED;
            case 402 -> FailureCode.QUOTA_EXHAUSTED;
            case 413, 415 -> FailureCode.UNSUPPORTED;
            default -> FailureCode.PROVIDER_REJECTED;
        };
        return new Failure(false, code, said, vendorCode);
    }
}
