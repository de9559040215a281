package dev.signport.pades;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Calendar;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.TimeZone;

import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotation;
import org.apache.pdfbox.pdmodel.interactive.annotation.PDAnnotationWidget;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.apache.pdfbox.pdmodel.interactive.form.PDAcroForm;
import org.apache.pdfbox.pdmodel.interactive.form.PDField;
import org.apache.pdfbox.pdmodel.interactive.form.PDSignatureField;

/**
 * Signs PDFs as PAdES baseline signatures (ETSI EN 319 142-1) with one platform key, one signature per signer, each
 * with its own visible appearance, always as an incremental update so earlier signatures stay valid:
 * <ul>
 *   <li>{@link #sign}: PAdES-BASELINE-B ({@code ETSI.CAdES.detached}), or B-T when the request has a timestamp
 *       source;</li>
 *   <li>{@link #archive}: on completion, the validation data in the DSS dictionary (one revision) and a document
 *       timestamp ({@code ETSI.RFC3161}, another revision): PAdES-BASELINE-LTA.</li>
 * </ul>
 * Thread-safe (no mutable state); each call opens its own document within {@link Limits}. Calls block on the
 * timestamp authority, so run them on a bounded worker pool with a timeout.
 */
public final class PadesSigner {

    static final COSName SUBFILTER_CADES = COSName.getPDFName("ETSI.CAdES.detached");
    static final COSName SUBFILTER_RFC3161 = COSName.getPDFName("ETSI.RFC3161");

    private final SigningCredential credential;
    private final Limits limits;

    public PadesSigner(SigningCredential credential, Limits limits) {
        this.credential = Objects.requireNonNull(credential, "credential");
        this.limits = Objects.requireNonNull(limits, "limits");
        credential.sha256SignatureAlgorithm();
    }

    public PadesSigner(SigningCredential credential) {
        this(credential, Limits.DEFAULT);
    }

    public Limits limits() {
        return limits;
    }

    /** Signs a PDF read from a stream (at most {@link Limits#maxInputBytes()} are read). */
    public SignResult sign(InputStream pdf, SignRequest request) {
        try {
            return sign(PdfInput.readBounded(pdf, limits), request);
        } catch (IOException e) {
            throw new PadesException("cannot read the PDF: " + e.getMessage(), e);
        }
    }

    /**
     * Adds one signature in a new revision.
     *
     * @throws DocumentRejectedException if the document cannot be signed as it is
     * @throws PadesException            if signing failed otherwise (timestamp authority, too small a reservation,
     *                                   a signature field that is already signed, …)
     */
    public SignResult sign(byte[] pdf, SignRequest request) {
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(request, "request");
        // /M has one-second resolution; the appearance shows the same second.
        Instant signingTime = (request.signingTime() == null ? Instant.now() : request.signingTime())
                .truncatedTo(ChronoUnit.SECONDS);
        int reserve = request.contentsReserve() > 0 ? request.contentsReserve()
                : CmsSignature.estimate(credential, request.timestamp());
        CmsSignature cms = new CmsSignature(credential, request.timestamp(), reserve);

        PDDocument doc = PdfInput.open(pdf, limits);
        try {
            PdfInput.checkChangesAllowed(doc);
            SignatureAppearance painter = new SignatureAppearance(doc, request.appearance().fontTtf());
            // Without fix-ups: PDFBox's default AcroForm fix-ups build appearances and scan every page.
            PDAcroForm acroForm = doc.getDocumentCatalog().getAcroForm(null);
            Target target = resolveTarget(doc, acroForm, request.placement(), painter);

            PDSignature signature = new PDSignature();
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(SUBFILTER_CADES);
            signature.setName(request.signerName());
            if (request.reason() != null) {
                signature.setReason(request.reason());
            }
            if (request.location() != null) {
                signature.setLocation(request.location());
            }
            signature.setSignDate(utc(signingTime));
            if (target.existingField() != null) {
                // PDFBox fills an existing field whose /V is the new signature instead of creating one.
                target.existingField().getCOSObject().setItem(COSName.V, signature);
            }

            SignatureOptions options = new SignatureOptions();
            options.setPreferredSignatureSize(reserve);
            options.setPage(target.pageIndex());
            doc.addSignature(signature, cms, options);

            // addSignature leaves an invisible widget (empty /Rect and appearance): make it the visible one.
            PDSignatureField field = fieldOf(doc, signature);
            if (target.existingField() == null) {
                field.setPartialName(target.fieldName());
            }
            PDAnnotationWidget widget = field.getWidgets().get(0);
            widget.setRectangle(target.rect());
            widget.setPrinted(true);
            widget.setLocked(true);
            boolean quarterTurn = target.rotation() == 90 || target.rotation() == 270;
            float width = quarterTurn ? target.rect().getHeight() : target.rect().getWidth();
            float height = quarterTurn ? target.rect().getWidth() : target.rect().getHeight();
            widget.setAppearance(painter.widgetAppearance(width, height, target.rotation(), request.signerName(),
                    signingTime, request.reason(), request.appearance()));

            byte[] signed = saveIncremental(doc, pdf.length, reserve);
            return new SignResult(signed, field.getFullyQualifiedName(), target.pageIndex() + 1,
                    request.timestamp() == null ? PadesLevel.B_B : PadesLevel.B_T, signingTime, cms.timestampTime(),
                    sha256Hex(pdf), sha256Hex(signed));
        } catch (IOException e) {
            throw translate(e, "cannot sign the PDF");
        } catch (PadesException e) {
            throw e;
        } catch (RuntimeException e) {
            // PDFBox reports some malformed structures with unchecked exceptions.
            throw new PadesException("cannot sign the PDF: " + e, e);
        } finally {
            PdfInput.closeQuietly(doc);
        }
    }

    /**
     * Completes a signed document for long-term validation: a first revision adds the DSS dictionary (every
     * certificate found in the signatures and their timestamps, plus {@code extra}: CA certificates, CRLs, OCSP
     * responses; and a VRI entry per signature), a second revision a document timestamp ({@code ETSI.RFC3161})
     * over everything before it: PAdES-BASELINE-LTA, provided {@code extra} carries revocation data for the chains.
     */
    public SignResult archive(byte[] pdf, TimestampSource timestampSource, ValidationData extra) {
        Objects.requireNonNull(pdf, "pdf");
        Objects.requireNonNull(timestampSource, "a document timestamp needs a timestamp source");
        byte[] withDss;
        PDDocument doc = PdfInput.open(pdf, limits);
        try {
            PdfInput.checkChangesAllowed(doc);
            if (doc.getSignatureDictionaries().isEmpty()) {
                throw new PadesException("the PDF has no signature to archive");
            }
            new DssWriter(doc, limits).addValidationData(extra == null ? ValidationData.none() : extra);
            withDss = saveIncremental(doc, pdf.length, 0);
        } catch (IOException e) {
            throw translate(e, "cannot add validation data");
        } catch (PadesException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PadesException("cannot add validation data: " + e, e);
        } finally {
            PdfInput.closeQuietly(doc);
        }

        int reserve = (timestampSource.estimatedTokenBytes() + 1023) / 1024 * 1024;
        DocumentTimestamp stamp = new DocumentTimestamp(timestampSource, reserve);
        doc = PdfInput.open(withDss, new Limits(Math.max(limits.maxInputBytes(), withDss.length), limits.maxPages(),
                limits.maxMainMemoryBytes(), limits.maxScratchBytes()));
        try {
            PDSignature signature = new PDSignature();
            signature.setType(COSName.DOC_TIME_STAMP);
            signature.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
            signature.setSubFilter(SUBFILTER_RFC3161);
            SignatureOptions options = new SignatureOptions();
            options.setPreferredSignatureSize(reserve);
            options.setPage(0);
            doc.addSignature(signature, stamp, options);
            PDSignatureField field = fieldOf(doc, signature);
            PDAcroForm acroForm = doc.getDocumentCatalog().getAcroForm(null);
            field.setPartialName(uniqueFieldName(acroForm, "Signport-DocumentTimestamp-"));
            byte[] stamped = saveIncremental(doc, withDss.length, reserve);
            return new SignResult(stamped, field.getFullyQualifiedName(), 0, PadesLevel.B_LTA, stamp.genTime(),
                    stamp.genTime(), sha256Hex(pdf), sha256Hex(stamped));
        } catch (IOException e) {
            throw translate(e, "cannot add the document timestamp");
        } catch (PadesException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new PadesException("cannot add the document timestamp: " + e, e);
        } finally {
            PdfInput.closeQuietly(doc);
        }
    }

    // --- where the signature goes ---------------------------------------------------------------------------------

    /** The page, user-space rectangle and field for one signature. */
    private record Target(PDSignatureField existingField, int pageIndex, PDRectangle rect, int rotation,
            String fieldName) {
    }

    private Target resolveTarget(PDDocument doc, PDAcroForm acroForm, Placement placement,
            SignatureAppearance painter) throws IOException {
        int pageCount = doc.getNumberOfPages();
        if (placement.fieldName() != null && acroForm != null) {
            PDField existing = acroForm.getField(placement.fieldName());
            if (existing != null) {
                return existingField(doc, existing, placement);
            }
        }
        String name = placement.fieldName() != null ? placement.fieldName()
                : uniqueFieldName(acroForm, "Signport-Signature-");
        if (placement.positioned()) {
            if (placement.page() > pageCount) {
                throw new PadesException("page " + placement.page() + " is beyond the last page (" + pageCount + ")");
            }
            PDPage page = doc.getPage(placement.page() - 1);
            int rotation = rotation(page);
            PDRectangle rect = toUserSpace(page.getCropBox(), rotation, placement.x(), placement.y(),
                    placement.width(), placement.height());
            return new Target(null, placement.page() - 1, rect, rotation, name);
        }
        PDPage last = doc.getPage(pageCount - 1);
        if (SignatureAppearance.isSignaturePage(last)) {
            PDRectangle free = freeSlot(last);
            if (free != null) {
                return new Target(null, pageCount - 1, free, 0, name);
            }
        }
        // The signature page is added in this signer's own revision, so it is covered by this signature.
        PDRectangle size = signaturePageSize(last);
        doc.addPage(painter.newSignaturePage(size));
        return new Target(null, pageCount, SignatureAppearance.slots(size).get(0), 0, name);
    }

    private Target existingField(PDDocument doc, PDField existing, Placement placement) {
        if (!(existing instanceof PDSignatureField field)) {
            throw new PadesException("field '" + placement.fieldName() + "' is not a signature field");
        }
        if (field.getCOSObject().getDictionaryObject(COSName.V) != null) {
            throw new PadesException("signature field '" + placement.fieldName() + "' is already signed");
        }
        List<PDAnnotationWidget> widgets = field.getWidgets();
        if (widgets.isEmpty()) {
            throw new PadesException("signature field '" + placement.fieldName() + "' has no widget to show");
        }
        PDAnnotationWidget widget = widgets.get(0);
        int pageIndex = pageOf(doc, widget);
        PDPage page = doc.getPage(pageIndex);
        int rotation = rotation(page);
        PDRectangle rect = widget.getRectangle();
        if (rect == null || rect.getWidth() < 1 || rect.getHeight() < 1) {
            if (!placement.positioned()) {
                throw new PadesException("signature field '" + placement.fieldName()
                        + "' is invisible; give a position for the visible signature");
            }
            rect = toUserSpace(page.getCropBox(), rotation, placement.x(), placement.y(), placement.width(),
                    placement.height());
        }
        return new Target(field, pageIndex, rect, rotation, field.getFullyQualifiedName());
    }

    private int pageOf(PDDocument doc, PDAnnotationWidget widget) {
        PDPage page = widget.getPage();
        if (page != null) {
            int index = doc.getPages().indexOf(page);
            if (index >= 0) {
                return index;
            }
        }
        // No usable /P: look for the widget in the pages' /Annots (dictionaries only, no content is decoded).
        int index = 0;
        for (PDPage candidate : doc.getPages()) {
            try {
                for (PDAnnotation annotation : candidate.getAnnotations()) {
                    if (annotation.getCOSObject() == widget.getCOSObject()) {
                        return index;
                    }
                }
            } catch (IOException e) {
                // A broken /Annots on another page is not ours to fix.
            }
            if (++index >= limits.maxPages()) {
                break;
            }
        }
        throw new PadesException("cannot find the page of the signature field's widget");
    }

    /** The first slot of a signature page that no annotation overlaps. */
    private static PDRectangle freeSlot(PDPage page) throws IOException {
        List<PDAnnotation> annotations = page.getAnnotations();
        for (PDRectangle slot : SignatureAppearance.slots(page.getMediaBox())) {
            boolean taken = false;
            for (PDAnnotation annotation : annotations) {
                PDRectangle r = annotation.getRectangle();
                if (r != null && r.getWidth() > 0 && r.getHeight() > 0 && overlaps(slot, r)) {
                    taken = true;
                    break;
                }
            }
            if (!taken) {
                return slot;
            }
        }
        return null;
    }

    private static boolean overlaps(PDRectangle a, PDRectangle b) {
        return a.getLowerLeftX() < b.getUpperRightX() && b.getLowerLeftX() < a.getUpperRightX()
                && a.getLowerLeftY() < b.getUpperRightY() && b.getLowerLeftY() < a.getUpperRightY();
    }

    /** Same displayed size as the document's last page when that is a plausible portrait page, else A4. */
    private static PDRectangle signaturePageSize(PDPage last) {
        PDRectangle box = last.getMediaBox();
        int rotation = rotation(last);
        float w = rotation == 90 || rotation == 270 ? box.getHeight() : box.getWidth();
        float h = rotation == 90 || rotation == 270 ? box.getWidth() : box.getHeight();
        if (w >= 300 && w <= 1200 && h >= w && h <= 1700) {
            return new PDRectangle(w, h);
        }
        return PDRectangle.A4;
    }

    static int rotation(PDPage page) {
        int r = ((page.getRotation() % 360) + 360) % 360;
        return r % 90 == 0 ? r : 0;
    }

    /**
     * Converts a rectangle given from the top-left of the page as displayed (crop box, after /Rotate) to PDF user
     * space (origin bottom-left of the unrotated page), first fitting it inside the page.
     */
    static PDRectangle toUserSpace(PDRectangle crop, int rotation, double x, double y, double width, double height) {
        boolean quarterTurn = rotation == 90 || rotation == 270;
        double shownW = quarterTurn ? crop.getHeight() : crop.getWidth();
        double shownH = quarterTurn ? crop.getWidth() : crop.getHeight();
        double w = Math.min(width, shownW);
        double h = Math.min(height, shownH);
        double dx = Math.min(Math.max(x, 0), shownW - w);
        double dy = Math.min(Math.max(y, 0), shownH - h);
        double llx = crop.getLowerLeftX();
        double lly = crop.getLowerLeftY();
        double cw = crop.getWidth();
        double ch = crop.getHeight();
        return switch (rotation) {
            // Turned clockwise for display: the page's left edge is shown at the top, its bottom edge at the left.
            case 90 -> rect(llx + dy, lly + dx, h, w);
            case 180 -> rect(llx + cw - dx - w, lly + dy, w, h);
            // Turned counter-clockwise: the right edge is shown at the top, the top edge at the left.
            case 270 -> rect(llx + cw - dy - h, lly + ch - dx - w, h, w);
            default -> rect(llx + dx, lly + ch - dy - h, w, h);
        };
    }

    private static PDRectangle rect(double x, double y, double w, double h) {
        return new PDRectangle((float) x, (float) y, (float) w, (float) h);
    }

    static String uniqueFieldName(PDAcroForm acroForm, String prefix) {
        for (int n = 1; ; n++) {
            String candidate = prefix + n;
            if (acroForm == null || acroForm.getField(candidate) == null) {
                return candidate;
            }
        }
    }

    private static PDSignatureField fieldOf(PDDocument doc, PDSignature signature) {
        PDAcroForm acroForm = doc.getDocumentCatalog().getAcroForm(null);
        for (PDField field : acroForm.getFieldTree()) {
            if (field instanceof PDSignatureField sf) {
                COSDictionary value = sf.getCOSObject().getCOSDictionary(COSName.V);
                if (value == signature.getCOSObject()) {
                    return sf;
                }
            }
        }
        throw new IllegalStateException("PDFBox did not attach the signature to a field");
    }

    // --- writing ----------------------------------------------------------------------------------------------------

    private static byte[] saveIncremental(PDDocument doc, int inputLength, int reserve) throws IOException {
        // The original bytes, the increment and the hex /Contents (two characters per reserved byte).
        ByteArrayOutputStream out = new ByteArrayOutputStream(inputLength + 2 * reserve + 64 * 1024);
        doc.saveIncremental(out);
        return out.toByteArray();
    }

    private static PadesException translate(IOException e, String what) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CmsSignature.ContentsTooSmallException small) {
                return new PadesException("the reserved signature space is too small: the signature needs "
                        + small.needed + " bytes, " + small.reserved
                        + " were reserved (raise SignRequest.contentsReserve)", e);
            }
            if (t.getMessage() != null && t.getMessage().contains("scratch file memory exceeded")) {
                return new DocumentRejectedException("the PDF needs more memory than allowed to be signed", e);
            }
        }
        return new PadesException(what + ": " + e.getMessage(), e);
    }

    static Calendar utc(Instant instant) {
        Calendar calendar = Calendar.getInstance(TimeZone.getTimeZone("UTC"));
        calendar.setTimeInMillis(instant.toEpochMilli());
        return calendar;
    }

    public static String sha256Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always available", e);
        }
    }
}
