package dev.signport.webhook.delivery;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which resolved addresses a delivery may connect to: only globally routable unicast ones, unless the operator's
 * allow-list ({@code signport.webhooks.ssrf.allow}: CIDRs or host names) says otherwise. Decided on the address
 * bytes, never on how the URL spelled the host, so {@code 0177.1}, {@code [::ffff:127.0.0.1]} or a DNS name
 * pointing at 127.0.0.1 are all the loopback they are.
 */
public final class AddressPolicy {

    // Before REFUSED: parsing those ranges uses it.
    private static final java.util.regex.Pattern IPV4 = java.util.regex.Pattern.compile(
            "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");

    /** A refused range and why; {@code embeddedV4} ranges carry an IPv4 address to judge in their place. */
    private record Range(Cidr cidr, String reason, int embeddedV4Offset) {
    }

    private static final List<Range> REFUSED = List.of(
            refuse("0.0.0.0/8", "a 'this network' address"),
            refuse("10.0.0.0/8", "a private address"),
            refuse("100.64.0.0/10", "a carrier-grade NAT address"),
            refuse("127.0.0.0/8", "a loopback address"),
            refuse("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
            refuse("172.16.0.0/12", "a private address"),
            refuse("192.0.0.0/24", "an IETF protocol address"),
            refuse("192.0.2.0/24", "a documentation address"),
            refuse("192.88.99.0/24", "a 6to4 relay address"),
            refuse("192.168.0.0/16", "a private address"),
            refuse("198.18.0.0/15", "a benchmarking address"),
            refuse("198.51.100.0/24", "a documentation address"),
            refuse("203.0.113.0/24", "a documentation address"),
            refuse("224.0.0.0/4", "a multicast address"),
            refuse("240.0.0.0/4", "a reserved address"),
            refuse("::/128", "the unspecified address"),
            refuse("::1/128", "a loopback address"),
            embedding("::ffff:0:0/96", 12),          // IPv4-mapped
            embedding("::/96", 12),                  // IPv4-compatible (deprecated)
            embedding("64:ff9b::/96", 12),           // NAT64 well-known prefix
            refuse("64:ff9b:1::/48", "a local-use NAT64 address"),
            refuse("100::/64", "a discard-only address"),
            refuse("2001::/23", "an IETF protocol address (Teredo and others)"),
            refuse("2001:db8::/32", "a documentation address"),
            embedding("2002::/16", 2),               // 6to4
            refuse("fc00::/7", "a unique-local address"),
            refuse("fe80::/10", "a link-local address"),
            refuse("fec0::/10", "a site-local address"),
            refuse("ff00::/8", "a multicast address"));

    private final List<Cidr> allowedRanges;
    private final Set<String> allowedHosts;

    public AddressPolicy(List<String> allow) {
        List<Cidr> ranges = new ArrayList<>();
        Set<String> hosts = new TreeSet<>();
        for (String entry : allow) {
            String e = entry.strip();
            if (e.isEmpty()) {
                continue;
            }
            Optional<Cidr> cidr = Cidr.parse(e);
            if (cidr.isPresent()) {
                ranges.add(cidr.get());
            } else {
                hosts.add(e.toLowerCase(Locale.ROOT));
            }
        }
        this.allowedRanges = List.copyOf(ranges);
        this.allowedHosts = Set.copyOf(hosts);
    }

    /** Why {@code address} may not be reached from {@code host}; empty when it may. */
    public Optional<String> refusal(String host, InetAddress address) {
        if (host != null && allowedHosts.contains(host.toLowerCase(Locale.ROOT))) {
            return Optional.empty();
        }
        for (Cidr allowed : allowedRanges) {
            if (allowed.contains(address)) {
                return Optional.empty();
            }
        }
        return classify(address).map(why -> address.getHostAddress() + " is " + why);
    }

    /** Why {@code address} is not a public unicast address; empty when it is one. Ignores the allow-list. */
    public static Optional<String> classify(InetAddress address) {
        for (Range r : REFUSED) {
            if (!r.cidr().contains(address)) {
                continue;
            }
            if (r.embeddedV4Offset() < 0) {
                return Optional.of(r.reason());
            }
            byte[] b = address.getAddress();
            byte[] v4 = new byte[] {b[r.embeddedV4Offset()], b[r.embeddedV4Offset() + 1], b[r.embeddedV4Offset() + 2],
                    b[r.embeddedV4Offset() + 3]};
            try {
                // An IPv6 form of an IPv4 address is judged as that IPv4 address; the prefix alone is no reason.
                Optional<String> inner = classify(InetAddress.getByAddress(v4));
                if (inner.isPresent()) {
                    return Optional.of(inner.get() + " (inside an IPv6 address)");
                }
            } catch (UnknownHostException impossible) {
                return Optional.of("an unreadable address");
            }
        }
        return Optional.empty();
    }

    private static Range refuse(String cidr, String reason) {
        return new Range(Cidr.parse(cidr).orElseThrow(), reason, -1);
    }

    private static Range embedding(String cidr, int offset) {
        return new Range(Cidr.parse(cidr).orElseThrow(), null, offset);
    }

    /** An IPv4 or IPv6 network: {@code 10.0.0.0/8}, {@code fc00::/7}, or a single address. */
    record Cidr(byte[] network, int prefix) {

        static Optional<Cidr> parse(String text) {
            int slash = text.indexOf('/');
            String addr = slash < 0 ? text : text.substring(0, slash);
            if (!looksLikeIp(addr)) {
                return Optional.empty();
            }
            try {
                byte[] bytes = literal(addr).getAddress();
                if (addr.contains(":") && bytes.length == 4) {
                    // The JDK turns IPv4-mapped IPv6 text into an IPv4 address; keep the range in IPv6 form.
                    byte[] v6 = new byte[16];
                    v6[10] = (byte) 0xff;
                    v6[11] = (byte) 0xff;
                    System.arraycopy(bytes, 0, v6, 12, 4);
                    bytes = v6;
                }
                int prefix = slash < 0 ? bytes.length * 8 : Integer.parseInt(text.substring(slash + 1));
                if (prefix < 0 || prefix > bytes.length * 8) {
                    throw new IllegalArgumentException("Bad prefix length in " + text);
                }
                return Optional.of(new Cidr(bytes, prefix));
            } catch (UnknownHostException | NumberFormatException e) {
                throw new IllegalArgumentException("Not a CIDR: " + text);
            }
        }

        boolean contains(InetAddress address) {
            byte[] a = address.getAddress();
            if (a.length != network.length) {
                return false;
            }
            int full = prefix / 8;
            for (int i = 0; i < full; i++) {
                if (a[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (a[full] & mask) == (network[full] & mask);
        }
    }

    /** Whether {@code host} is written as an IP address (IPv6 with or without brackets), so no DNS is involved. */
    public static boolean looksLikeIp(String host) {
        return host.contains(":") || IPV4.matcher(host).matches();
    }

    /** The address of an IP literal; never a DNS lookup (the caller checked {@link #looksLikeIp}). */
    public static InetAddress literal(String host) throws UnknownHostException {
        // Brackets make the JDK parse an IPv6 literal or fail: without them a malformed one would go to DNS.
        String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        InetAddress a = InetAddress.getByName(h);
        if (!(a instanceof Inet4Address) && !(a instanceof Inet6Address)) {
            throw new UnknownHostException(host);
        }
        return a;
    }
}
