package dev.signport.document.domain;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.cos.COSStream;
import org.apache.pdfbox.io.RandomAccessRead;
import org.apache.pdfbox.io.RandomAccessStreamCache.StreamCacheCreateFunction;
import org.apache.pdfbox.pdfparser.PDFParser;
import org.apache.pdfbox.pdfparser.XrefTrailerResolver;

/**
 * PDFBox's parser with limits on the structures a hostile PDF can make it build without reading
 * much input, where the time limit of {@link GuardedRead} cannot help: cross-reference entries
 * (a 300-byte xref stream with {@code /W [0 0 0]} and a huge {@code /Index} fills the heap),
 * object streams ({@code /N}, and how large xref and object streams decode), and the page tree
 * (PDFBox walks and repairs it recursively, quadratically for duplicated kids). Over a limit the
 * parse fails and {@link #violation()} says why.
 */
final class GuardedPdfBoxParser extends PDFParser {

    /** Cross-reference entries a document may declare, over all its sections (~200 heap bytes each while parsing). */
    static final int MAX_XREF_ENTRIES = 500_000;
    /** Objects one object stream may declare ({@code /N}); writers use a few hundred. */
    static final int MAX_OBJECTS_PER_STREAM = 100_000;
    /** Size an xref or object stream may decode to: PDFBox decodes those in the heap. */
    static final long MAX_DECODED_STRUCTURE_STREAM = 32L * 1024 * 1024;
    /** Nodes (pages and intermediate nodes) of the page tree. */
    static final int MAX_PAGE_TREE_NODES = 100_000;
    /** Depth of the page tree; PDFBox walks it recursively. Real trees are a handful of levels deep. */
    static final int MAX_PAGE_TREE_DEPTH = 1_000;
    /** Kids that are not page tree nodes (dangling or of the wrong kind) that PDFBox may drop, one by one. */
    static final int MAX_INVALID_KIDS = 1_000;

    private final ParseGuard guard;
    private final Set<Long> checkedObjectStreams = new HashSet<>();
    private volatile String violation;

    GuardedPdfBoxParser(RandomAccessRead source, ParseGuard guard, StreamCacheCreateFunction streamCache)
            throws IOException {
        super(source, "", null, null, streamCache);
        this.guard = guard;
        this.xrefTrailerResolver = new CountingResolver();
    }

    /** Which structural limit the document broke, or null. */
    String violation() {
        return violation;
    }

    private StructureLimitException violated(String what) {
        if (violation == null) {
            violation = what;
        }
        return new StructureLimitException(what);
    }

    @Override
    protected COSStream parseCOSStream(COSDictionary dic) throws IOException {
        guard.check();
        COSStream stream = super.parseCOSStream(dic);
        // Any stream PDFBox reads as an xref stream has /W (it does not insist on /Type /XRef).
        if (dic.getCOSArray(COSName.W) != null) {
            checkDecodedSize(stream, "cross-reference stream");
        }
        return stream;
    }

    @Override
    protected COSBase parseObjectStreamObject(long objstmObjNr, COSObjectKey key) throws IOException {
        guard.check();
        if (checkedObjectStreams.add(objstmObjNr)) {
            // Resolved (and decrypted) as PDFBox is about to use it; checked once per stream.
            COSBase base = document.getObjectFromPool(getObjectKey(objstmObjNr, 0)).getObject();
            if (base instanceof COSStream stream) {
                int n = stream.getInt(COSName.N);
                if (n > MAX_OBJECTS_PER_STREAM) {
                    throw violated("an object stream declares " + n + " objects (at most "
                            + MAX_OBJECTS_PER_STREAM + ")");
                }
                checkDecodedSize(stream, "object stream");
            }
        }
        return super.parseObjectStreamObject(objstmObjNr, key);
    }

    /**
     * Counts what a Flate-compressed structure stream inflates to, without keeping it, and refuses
     * one that would decode to more than PDFBox should hold in the heap. Other filters are rare
     * for these streams and left to PDFBox; data that is not valid Flate is PDFBox's to report.
     */
    private void checkDecodedSize(COSStream stream, String what) throws IOException {
        COSBase filter = stream.getFilters();
        if (filter instanceof COSArray array && array.size() == 1) {
            filter = array.getObject(0);
        }
        if (!COSName.FLATE_DECODE.equals(filter) && !COSName.FL.equals(filter)) {
            return;
        }
        long total = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = new InflaterInputStream(stream.createRawInputStream())) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > MAX_DECODED_STRUCTURE_STREAM) {
                    throw violated("a " + what + " decodes to more than " + MAX_DECODED_STRUCTURE_STREAM + " bytes");
                }
            }
        } catch (ZipException | java.io.EOFException e) {
            // Not (complete) Flate data: PDFBox decides what to make of it.
        }
    }

    /**
     * Walks the page tree before PDFBox does, without recursion and under the time limit, and
     * refuses trees PDFBox could not walk safely: cycles, nodes listed twice, trees too large or too
     * deep, or full of kids PDFBox would have to drop one at a time.
     */
    @Override
    protected void checkPages(COSDictionary root) throws IOException {
        COSDictionary pages = root.getCOSDictionary(COSName.PAGES);
        if (pages != null) {
            checkPageTree(pages);
        }
        super.checkPages(root);
    }

    private void checkPageTree(COSDictionary top) throws IOException {
        Set<COSDictionary> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        Deque<COSDictionary> nodes = new ArrayDeque<>();
        Deque<Integer> depths = new ArrayDeque<>();
        seen.add(top);
        nodes.push(top);
        depths.push(1);
        int invalid = 0;
        while (!nodes.isEmpty()) {
            guard.check();
            COSDictionary node = nodes.pop();
            int depth = depths.pop();
            COSArray kids = node.getCOSArray(COSName.KIDS);
            if (kids == null) {
                continue;
            }
            if (depth >= MAX_PAGE_TREE_DEPTH) {
                throw violated("the page tree is more than " + MAX_PAGE_TREE_DEPTH + " levels deep");
            }
            for (int i = 0; i < kids.size(); i++) {
                COSBase kid = kids.get(i);
                COSBase resolved = kid instanceof COSObject o ? o.getObject() : kid;
                if (!(resolved instanceof COSDictionary dict)) {
                    if (++invalid > MAX_INVALID_KIDS) {
                        throw violated("the page tree has more than " + MAX_INVALID_KIDS + " invalid entries");
                    }
                    continue;
                }
                if (!seen.add(dict)) {
                    throw violated("the page tree lists a node twice or loops back on itself");
                }
                if (seen.size() > MAX_PAGE_TREE_NODES) {
                    throw violated("the page tree has more than " + MAX_PAGE_TREE_NODES + " nodes");
                }
                nodes.push(dict);
                depths.push(depth + 1);
            }
        }
    }

    /** Counts cross-reference entries as PDFBox records them, from tables, streams or its own repair scan. */
    private final class CountingResolver extends XrefTrailerResolver {
        private int entries;

        @Override
        public void setXRef(COSObjectKey objKey, long offset) {
            if (++entries > MAX_XREF_ENTRIES) {
                // Not an IOException: PDFBox recovers from those by scanning the file, which would start over.
                throw new XrefLimitException(violatedMessage());
            }
            super.setXRef(objKey, offset);
        }

        private String violatedMessage() {
            String what = "the cross-reference data declares more than " + MAX_XREF_ENTRIES + " objects";
            violated(what);
            return what;
        }
    }

    /** A structural limit, reported where PDFBox expects damage. */
    static final class StructureLimitException extends IOException {
        StructureLimitException(String message) {
            super(message, null);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }

    /** The cross-reference limit, unchecked so that PDFBox's repair paths do not swallow it. */
    static final class XrefLimitException extends RuntimeException {
        XrefLimitException(String message) {
            super(message, null, false, false);
        }
    }
}
