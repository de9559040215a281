package dev.signport.pades;

import java.io.IOException;
import java.io.InputStream;

import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.io.MemoryUsageSetting;
import org.apache.pdfbox.io.RandomAccessReadBuffer;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * Opens untrusted PDFs within {@link Limits}. PDFBox parses lazily: opening reads the cross-reference data and the
 * trailer, and a stream is only decoded when someone asks for its data. The signer never asks for page content (it
 * reads page dictionaries, boxes and annotations only, and writes new objects), so a compression bomb in a page
 * stream is carried along as its compressed bytes — that is the actual defence.
 *
 * <p>The stream cache ({@code maxMainMemoryBytes} on the heap, {@code maxScratchBytes} in all) bounds what PDFBox
 * buffers through it (streams we create, e.g. the appearance and the DSS); beyond it PDFBox fails with an
 * IOException that becomes a {@link DocumentRejectedException}. It does NOT bound decoding: in PDFBox 3.0.8
 * {@code COSStream.createView()} (used by {@code PDPage.getContents()}, rendering and text extraction) inflates into
 * a heap buffer of its own, so code that renders pages or searches anchor text needs its own guard.
 */
final class PdfInput {

    private PdfInput() {
    }

    static byte[] readBounded(InputStream in, Limits limits) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 16, limits.maxInputBytes() + 1));
        checkSize(bytes.length, limits);
        return bytes;
    }

    static void checkSize(long length, Limits limits) {
        if (length > limits.maxInputBytes()) {
            throw new DocumentRejectedException("the PDF is larger than " + limits.maxInputBytes() + " bytes");
        }
        if (length == 0) {
            throw new DocumentRejectedException("the PDF is empty");
        }
    }

    static PDDocument open(byte[] pdf, Limits limits) {
        checkSize(pdf.length, limits);
        if (!startsWithPdfHeader(pdf)) {
            throw new DocumentRejectedException("not a PDF (no %PDF- header)");
        }
        PDDocument doc;
        try {
            doc = Loader.loadPDF(new RandomAccessReadBuffer(pdf), "", null, null,
                    MemoryUsageSetting.setupMixed(limits.maxMainMemoryBytes(), limits.maxScratchBytes())
                            .streamCache);
        } catch (InvalidPasswordException e) {
            throw new DocumentRejectedException("the PDF is protected by a password");
        } catch (IOException | RuntimeException e) {
            throw new DocumentRejectedException("not a readable PDF: " + e.getMessage(), e);
        }
        try {
            if (doc.isEncrypted()) {
                // Opening with an empty user password works for "owner-protected" files, but signing them would mean
                // re-encrypting the new revision under restrictions meant for the author: refuse clearly instead.
                throw new DocumentRejectedException("encrypted PDFs cannot be signed; remove the protection first");
            }
            int pages = doc.getNumberOfPages();
            if (pages < 1) {
                throw new DocumentRejectedException("the PDF has no pages");
            }
            if (pages > limits.maxPages()) {
                throw new DocumentRejectedException("the PDF has " + pages + " pages; at most " + limits.maxPages()
                        + " are accepted");
            }
            return doc;
        } catch (RuntimeException e) {
            closeQuietly(doc);
            throw e instanceof PadesException ? e
                    : new DocumentRejectedException("not a readable PDF: " + e.getMessage(), e);
        }
    }

    /**
     * A certification signature with DocMDP permission 1 forbids any change, signatures included (ISO 32000-1
     * §12.8.2.2): signing would "succeed" and leave the earlier signature broken in every reader.
     */
    static void checkChangesAllowed(PDDocument doc) {
        COSDictionary perms = doc.getDocumentCatalog().getCOSObject().getCOSDictionary(COSName.PERMS);
        COSDictionary docMdp = perms == null ? null : perms.getCOSDictionary(COSName.DOCMDP);
        COSArray references = docMdp == null ? null : docMdp.getCOSArray(COSName.REFERENCE);
        if (references == null) {
            return;
        }
        for (COSBase entry : references) {
            COSBase resolved = entry instanceof org.apache.pdfbox.cos.COSObject o ? o.getObject() : entry;
            if (resolved instanceof COSDictionary reference) {
                COSDictionary params = reference.getCOSDictionary(COSName.TRANSFORM_PARAMS);
                if (params != null && params.getInt(COSName.P, 2) == 1) {
                    throw new DocumentRejectedException(
                            "the PDF is certified with \"no changes allowed\": it cannot be signed again");
                }
            }
        }
    }

    /** ISO 32000 lets the header start within the first 1024 bytes. */
    private static boolean startsWithPdfHeader(byte[] pdf) {
        int limit = Math.min(pdf.length - 5, 1024);
        for (int i = 0; i <= limit; i++) {
            if (pdf[i] == '%' && pdf[i + 1] == 'P' && pdf[i + 2] == 'D' && pdf[i + 3] == 'F' && pdf[i + 4] == '-') {
                return true;
            }
        }
        return false;
    }

    static void closeQuietly(PDDocument doc) {
        try {
            doc.close();
        } catch (IOException ignored) {
            // Nothing was written; the buffers are released either way.
        }
    }
}
