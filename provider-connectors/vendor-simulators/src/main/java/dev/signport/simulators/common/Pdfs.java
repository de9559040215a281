package dev.signport.simulators.common;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** The little PDF work the simulators need: recognise a PDF, "sign" one, write a one-page report. */
public final class Pdfs {

    private static final byte[] MAGIC = "%PDF-".getBytes(StandardCharsets.US_ASCII);

    private Pdfs() {
    }

    public static boolean isPdf(byte[] bytes) {
        if (bytes == null || bytes.length < MAGIC.length) {
            return false;
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    /**
     * The original bytes plus a comment line after {@code %%EOF}: readers still find the final
     * {@code %%EOF} within their tail window, and a test can tell signed from original bytes.
     */
    public static byte[] signed(byte[] original, String marker) {
        boolean endsWithNewline = original.length > 0
                && (original[original.length - 1] == '\n' || original[original.length - 1] == '\r');
        byte[] tail = ((endsWithNewline ? "" : "\n") + "%%" + marker + "\n").getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[original.length + tail.length];
        System.arraycopy(original, 0, out, 0, original.length);
        System.arraycopy(tail, 0, out, original.length, tail.length);
        return out;
    }

    /** A valid one-page PDF (correct xref offsets) showing the given lines in Helvetica; ASCII only. */
    public static byte[] textPage(List<String> lines) {
        StringBuilder content = new StringBuilder("BT /F1 10 Tf 50 800 Td 14 TL\n");
        for (String line : lines) {
            content.append('(').append(pdfString(line)).append(") Tj T*\n");
        }
        content.append("ET\n");
        byte[] stream = content.toString().getBytes(StandardCharsets.US_ASCII);

        List<String> objects = new ArrayList<>();
        objects.add("<< /Type /Catalog /Pages 2 0 R >>");
        objects.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        objects.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                + " /Resources << /Font << /F1 5 0 R >> >> >>");
        objects.add("<< /Length " + stream.length + " >>\nstream\n" + new String(stream, StandardCharsets.US_ASCII)
                + "endstream");
        objects.add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, "%PDF-1.4\n");
        List<Integer> offsets = new ArrayList<>();
        for (int i = 0; i < objects.size(); i++) {
            offsets.add(out.size());
            write(out, (i + 1) + " 0 obj\n" + objects.get(i) + "\nendobj\n");
        }
        int xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append(String.format("%010d 00000 n \n", offset));
        }
        table.append("trailer\n<< /Size ").append(objects.size() + 1).append(" /Root 1 0 R >>\nstartxref\n")
                .append(xref).append("\n%%EOF\n");
        write(out, table.toString());
        return out.toByteArray();
    }

    private static String pdfString(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(' || c == ')' || c == '\\') {
                b.append('\\').append(c);
            } else if (c >= 32 && c < 127) {
                b.append(c);
            } else {
                b.append('?');
            }
        }
        return b.toString();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }
}
