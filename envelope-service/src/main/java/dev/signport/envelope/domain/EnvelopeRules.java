package dev.signport.envelope.domain;

import dev.signport.contracts.envelope.RecipientRole;
import dev.signport.contracts.envelope.SignatureLevel;
import dev.signport.contracts.envelope.SigningOrder;
import dev.signport.contracts.provider.FieldType;
import dev.signport.contracts.provider.ProviderCapabilities;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The business rules a draft and its provider must meet, pure: each check returns the problems it found in words
 * a client can act on (the API answers them as one 422), never throws for a client's mistake.
 */
public final class EnvelopeRules {

    static final int MAX_METADATA_KEY = 40;
    static final int MAX_METADATA_VALUE = 500;

    private EnvelopeRules() {
    }

    /** What the rules know of a document, from signport.document-events.v1. */
    public record Doc(String id, String name, long sizeBytes, int pages, String sha256, boolean deleted) {
    }

    /** The parts of a draft the rules look at. */
    public record Draft(List<String> documentIds, List<Recipient> recipients, SigningOrder signingOrder,
            SignatureLevel signatureLevel, Instant expiresAt, Map<String, String> metadata) {
    }

    /** Recipient orders as the lifecycle uses them: all 1 in PARALLEL; in SEQUENTIAL as given, else list order. */
    public static int orderOf(SigningOrder order, Integer given, int position) {
        if (order != SigningOrder.SEQUENTIAL) {
            return 1;
        }
        return given != null ? given : position + 1;
    }

    /** Problems of the draft itself and of the documents it names; {@code docs} holds those found for the tenant. */
    public static List<String> checkDraft(Draft d, Map<String, Doc> docs, Instant now) {
        List<String> problems = new ArrayList<>();
        Set<String> seenDocs = new HashSet<>();
        for (String id : d.documentIds()) {
            if (!seenDocs.add(id)) {
                problems.add("documentIds: " + id + " is listed twice");
            }
            Doc doc = docs.get(id);
            if (doc == null) {
                problems.add("documentIds: document " + id + " does not exist");
            } else if (doc.deleted()) {
                problems.add("documentIds: document " + id + " was deleted");
            }
        }
        if (d.recipients().stream().noneMatch(r -> r.role() == RecipientRole.SIGNER)) {
            problems.add("recipients: at least one recipient must have role SIGNER");
        }
        Set<String> emails = new HashSet<>();
        for (Recipient r : d.recipients()) {
            if (!emails.add(r.email().toLowerCase(Locale.ROOT))) {
                problems.add("recipients: " + r.email() + " is listed twice");
            }
            if (r.role() == RecipientRole.CC && !r.fields().isEmpty()) {
                problems.add("recipients: " + r.email() + " is CC and cannot have fields");
            }
            for (FieldSpec f : r.fields()) {
                problems.addAll(checkField(r.email(), f, d.documentIds(), docs));
            }
        }
        if (d.expiresAt() != null && !d.expiresAt().isAfter(now)) {
            problems.add("expiresAt: must be in the future");
        }
        d.metadata().forEach((k, v) -> {
            if (k.isBlank() || k.length() > MAX_METADATA_KEY) {
                problems.add("metadata: keys must have 1 to " + MAX_METADATA_KEY + " characters");
            }
            if (v == null || v.length() > MAX_METADATA_VALUE) {
                problems.add("metadata." + k + ": values must be strings of at most " + MAX_METADATA_VALUE
                        + " characters");
            }
        });
        return problems;
    }

    private static List<String> checkField(String who, FieldSpec f, List<String> documentIds, Map<String, Doc> docs) {
        List<String> problems = new ArrayList<>();
        String where = "recipients[" + who + "].fields: ";
        if (f.documentId() == null) {
            problems.add(where + "documentId is required when the envelope has several documents");
            return problems;
        }
        if (!documentIds.contains(f.documentId())) {
            problems.add(where + f.documentId() + " is not one of the envelope's documentIds");
            return problems;
        }
        boolean byPosition = f.page() != null || f.x() != null || f.y() != null;
        if (f.anchor() != null && byPosition) {
            problems.add(where + "give either an anchor or page, x and y, not both");
        } else if (f.anchor() == null && (f.page() == null || f.x() == null || f.y() == null)) {
            problems.add(where + "needs page, x and y (or an anchor)");
        }
        Doc doc = docs.get(f.documentId());
        if (doc != null && f.page() != null && f.page() > doc.pages()) {
            problems.add(where + "page " + f.page() + " is beyond the last page of " + f.documentId() + " ("
                    + doc.pages() + ")");
        }
        return problems;
    }

    /**
     * What {@code provider} cannot do for this draft, from its announced capabilities; empty when it can.
     *
     * @param caps null when no connector announced the provider
     */
    public static List<String> checkProvider(String provider, Draft d, Map<String, Doc> docs,
            ProviderCapabilities caps, SignatureLevel level) {
        List<String> problems = new ArrayList<>();
        if (caps == null) {
            problems.add("provider " + provider + " is not available: no connector for it is running");
            return problems;
        }
        if (!caps.available()) {
            problems.add("provider " + provider + " is not available"
                    + (caps.unavailableReason() == null ? "" : ": " + caps.unavailableReason()));
        }
        if (level != null && !caps.supports(level)) {
            problems.add("provider " + provider + " cannot sign at level " + level + " (it offers "
                    + caps.levels().stream().map(Enum::name).collect(Collectors.joining(", ")) + ")");
        }
        long signers = d.recipients().stream().filter(Recipient::acts).count();
        if (signers > 1 && !caps.multiSigner()) {
            problems.add("provider " + provider + " takes one signer per envelope, this one has " + signers);
        }
        if (d.signingOrder() == SigningOrder.SEQUENTIAL && signers > 1 && !caps.sequential()) {
            problems.add("provider " + provider + " cannot enforce SEQUENTIAL signing order");
        }
        Set<FieldType> types = new HashSet<>();
        boolean anchors = false;
        for (Recipient r : d.recipients()) {
            for (FieldSpec f : r.fields()) {
                types.add(f.type());
                anchors |= f.anchor() != null;
            }
        }
        Set<FieldType> unsupported = new HashSet<>(types);
        unsupported.removeAll(caps.fieldTypes());
        if (!unsupported.isEmpty()) {
            problems.add("provider " + provider + " cannot place fields of type "
                    + unsupported.stream().map(Enum::name).sorted().collect(Collectors.joining(", ")));
        }
        if (anchors && !caps.anchors()) {
            problems.add("provider " + provider + " cannot place fields by anchor text");
        }
        for (String id : d.documentIds()) {
            Doc doc = docs.get(id);
            if (doc != null && doc.sizeBytes() > caps.maxDocumentBytes()) {
                problems.add("provider " + provider + " accepts documents up to " + caps.maxDocumentBytes()
                        + " bytes; " + id + " has " + doc.sizeBytes());
            }
        }
        return problems;
    }
}
