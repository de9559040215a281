package dev.signport.signer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.Deflater;

/** A one-page PDF of about 1 MB whose page content inflates to 1 GiB. */
final class Bombs {

    private Bombs() {
    }

    static byte[] pdf() {
        byte[] chunk = "q Q\n".repeat(1 << 18).getBytes(StandardCharsets.US_ASCII);
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream compressed = new ByteArrayOutputStream(1_200_000);
        byte[] buffer = new byte[64 * 1024];
        for (long written = 0; written < (1L << 30); written += chunk.length) {
            deflater.setInput(chunk);
            while (!deflater.needsInput()) {
                compressed.write(buffer, 0, deflater.deflate(buffer));
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            compressed.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        byte[] stream = compressed.toByteArray();
        ByteArrayOutputStream pdf = new ByteArrayOutputStream(stream.length + 2048);
        List<Integer> offsets = new ArrayList<>();
        write(pdf, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        offsets.add(pdf.size());
        write(pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
        offsets.add(pdf.size());
        write(pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
        offsets.add(pdf.size());
        write(pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> "
                + "/Contents 4 0 R >>\nendobj\n");
        offsets.add(pdf.size());
        write(pdf, "4 0 obj\n<< /Length " + stream.length + " /Filter /FlateDecode >>\nstream\n");
        pdf.writeBytes(stream);
        write(pdf, "\nendstream\nendobj\n");
        int xref = pdf.size();
        StringBuilder table = new StringBuilder("xref\n0 5\n0000000000 65535 f \n");
        for (int offset : offsets) {
            table.append(String.format("%010d 00000 n \n", offset));
        }
        write(pdf, table + "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return pdf.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
    }
}
