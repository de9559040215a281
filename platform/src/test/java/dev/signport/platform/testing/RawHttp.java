package dev.signport.platform.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * HTTP/1.1 over a plain socket, so a request line carries exactly the path a test writes
 * ({@code //}, {@code /./}, {@code %69}): HTTP clients normalise or re-encode paths before sending.
 */
public final class RawHttp {

    private RawHttp() {}

    /** Status code and body of one request. */
    public record Reply(int status, String body) {}

    public static Reply send(int port, String method, String rawPath, Map<String, String> headers, byte[] body)
            throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(15_000);
            StringBuilder head = new StringBuilder(method).append(' ').append(rawPath).append(" HTTP/1.1\r\n")
                    .append("Host: 127.0.0.1:").append(port).append("\r\nConnection: close\r\n");
            headers.forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
            if (body != null) {
                head.append("Content-Length: ").append(body.length).append("\r\n");
            }
            head.append("\r\n");
            OutputStream out = s.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            String text = readAll(s.getInputStream());
            int sp = text.indexOf(' ');
            if (sp < 0 || text.length() < sp + 4) {
                throw new IOException("No HTTP status line in: " + text);
            }
            int bodyStart = text.indexOf("\r\n\r\n");
            return new Reply(Integer.parseInt(text.substring(sp + 1, sp + 4)),
                    bodyStart < 0 ? "" : text.substring(bodyStart + 4));
        }
    }

    /** Everything the server sends until it closes the connection (a reset after the response is fine). */
    public static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream response = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) != -1) {
                response.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // what was read is what matters
        }
        return response.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * Spellings of {@code path} (which must start with "/" and have at least two segments) that an
     * HTTP stack may decode or normalise onto it: percent-encoded letters, repeated slashes, dot
     * segments (plain and encoded), a trailing slash, matrix parameters and mixed case.
     */
    public static List<String> shapesOf(String path) {
        String[] segments = path.substring(1).split("/");
        String first = segments[0];
        String rest = path.substring(first.length() + 1);
        Set<String> shapes = new LinkedHashSet<>();
        shapes.add(path);
        shapes.add("/" + path);
        shapes.add("///" + path.substring(1));
        shapes.add("/" + first + "/" + rest);
        shapes.add(path.replace("/", "//"));
        shapes.add("/./" + path.substring(1));
        shapes.add("/" + first + "/." + rest);
        shapes.add("/x/../" + path.substring(1));
        shapes.add("/api/../" + path.substring(1));
        shapes.add("/api/v1/../../" + path.substring(1));
        shapes.add("/%2e/" + path.substring(1));
        shapes.add("/x/%2e%2e/" + path.substring(1));
        shapes.add("/x/%2E%2E/" + path.substring(1));
        shapes.add("/" + encodeFirst(first) + rest);
        shapes.add("/" + encodeAll(first) + rest);
        shapes.add("/" + encodeAll(first).toLowerCase() + rest);
        shapes.add("/" + first + "%2f" + rest.substring(1));
        shapes.add("/" + first + "%2F" + rest.substring(1));
        shapes.add(path + "/");
        shapes.add(path + "//");
        shapes.add(path + "/.");
        shapes.add(path + ";x=1");
        shapes.add("/" + first + ";x=1" + rest);
        shapes.add(path + "?");
        shapes.add(path.toUpperCase());
        shapes.add("/" + Character.toUpperCase(first.charAt(0)) + first.substring(1) + rest);
        shapes.add("/" + first + "%20" + rest);
        shapes.add("/%09" + path.substring(1));
        return new ArrayList<>(shapes);
    }

    private static String encodeFirst(String segment) {
        return String.format("%%%02x", (int) segment.charAt(0)) + segment.substring(1);
    }

    private static String encodeAll(String segment) {
        StringBuilder b = new StringBuilder();
        for (char c : segment.toCharArray()) {
            b.append(String.format("%%%02X", (int) c));
        }
        return b.toString();
    }
}
