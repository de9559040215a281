package dev.signport.webhook.delivery;

import dev.signport.platform.api.ProblemException;
import dev.signport.webhook.config.WebhookConfig;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The SSRF guard. At creation (and on a URL change) a webhook URL must be absolute https (http only when
 * {@code signport.webhooks.ssrf.allow-http}), carry no credentials, and resolve only to addresses
 * {@link AddressPolicy} permits; otherwise 422. On every attempt the sender asks {@link #addressFor} again and
 * connects to exactly the address that passed, so a name re-pointed at an internal address after creation (DNS
 * rebinding) is refused at connect time.
 */
@ApplicationScoped
public class UrlGuard {

    public static final int MAX_URL_LENGTH = 2048;
    private static final java.util.regex.Pattern NUMERIC =
            java.util.regex.Pattern.compile("(?i)([0-9]+|0x[0-9a-f]*)(\\.([0-9]+|0x[0-9a-f]*))*\\.?");

    /** A parsed webhook URL. {@code requestUri} is path and query as sent; {@link #redacted()} is safe to log. */
    public record Target(String host, int port, boolean tls, String requestUri) {

        /** Scheme, host and port only: paths and queries may carry tokens and never reach logs. */
        public String redacted() {
            return (tls ? "https://" : "http://") + host + ":" + port;
        }
    }

    /** A delivery's address was refused at connect time; the message says which and why, without the URL. */
    public static final class BlockedAddress extends RuntimeException {
        public BlockedAddress(String message) {
            super(message, null, false, false);
        }
    }

    private final boolean allowHttp;
    private final AddressPolicy policy;
    private final HostResolver resolver;

    @Inject
    public UrlGuard(WebhookConfig config, HostResolver resolver) {
        this(config.ssrf().allowHttp(), new AddressPolicy(config.ssrf().allow().orElse(List.of())), resolver);
    }

    public UrlGuard(boolean allowHttp, AddressPolicy policy, HostResolver resolver) {
        this.allowHttp = allowHttp;
        this.policy = policy;
        this.resolver = resolver;
    }

    /** Parses {@code url} against the rules that need no DNS: 400 when it is no URL, 422 when it breaks a rule. */
    public Target parse(String url) {
        if (url == null || url.isBlank()) {
            throw ProblemException.invalid("url", "is required");
        }
        if (url.length() > MAX_URL_LENGTH) {
            throw ProblemException.invalid("url", "must be at most " + MAX_URL_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw ProblemException.invalid("url", "is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!uri.isAbsolute() || uri.isOpaque() || uri.getHost() == null) {
            throw ProblemException.invalid("url", "must be an absolute http(s) URL with a host");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw ProblemException.invalid("url", "must be an https URL");
        }
        if (scheme.equals("http") && !allowHttp) {
            throw ProblemException.unprocessable("url must use https (plain http is not allowed on this installation)");
        }
        if (uri.getRawUserInfo() != null) {
            // Credentials in a URL end up in logs and screenshots; receivers verify our signature instead.
            throw ProblemException.unprocessable("url must not contain credentials (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw ProblemException.invalid("url", "must not contain a fragment (#...)");
        }
        boolean tls = scheme.equals("https");
        int port = uri.getPort() == -1 ? (tls ? 443 : 80) : uri.getPort();
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String requestUri = uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (NUMERIC.matcher(host).matches() && !AddressPolicy.looksLikeIp(host)) {
            // 2130706433, 0177.0.0.1, 0x7f.1: each tool reads these differently (the JDK takes 0177 as decimal,
            // curl as octal); a webhook URL must say one address unambiguously.
            throw ProblemException.unprocessable("url: " + host + " is not a canonical IPv4 address");
        }
        return new Target(host.toLowerCase(Locale.ROOT), port, tls, requestUri);
    }

    /** Creation-time check: the URL's rules and every address its host resolves to; a 422 problem otherwise. */
    public Uni<Target> checkForCreation(String url) {
        Target target = parse(url);
        return Uni.createFrom().completionStage(() -> resolver.resolve(target.host()).toCompletionStage())
                .onFailure().transform(e -> ProblemException.unprocessable("url: the host " + target.host()
                        + " does not resolve"))
                .map(addresses -> {
                    refusal(target, addresses).ifPresent(why -> {
                        throw ProblemException.unprocessable("url: " + target.host()
                                + " resolves to an address webhooks may not reach (" + why + ")");
                    });
                    return target;
                });
    }

    /**
     * Connect-time check, on every attempt: the address to connect to, or a failed future with
     * {@link BlockedAddress}. A host with any refused address is refused as a whole: a name answering both a
     * public and an internal address is how rebinding attacks start.
     */
    public Future<InetAddress> addressFor(Target target) {
        return resolver.resolve(target.host()).transform(ar -> {
            if (ar.failed()) {
                return Future.failedFuture(new BlockedAddress("DNS: " + target.host() + " does not resolve"));
            }
            List<InetAddress> addresses = ar.result();
            Optional<String> why = refusal(target, addresses);
            if (why.isPresent()) {
                return Future.failedFuture(new BlockedAddress("blocked: " + why.get()));
            }
            return Future.succeededFuture(addresses.get(0));
        });
    }

    private Optional<String> refusal(Target target, List<InetAddress> addresses) {
        if (addresses.isEmpty()) {
            return Optional.of(target.host() + " has no address");
        }
        for (InetAddress a : addresses) {
            Optional<String> why = policy.refusal(target.host(), a);
            if (why.isPresent()) {
                return why;
            }
        }
        return Optional.empty();
    }
}
