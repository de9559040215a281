package dev.signport.simulators.certyneo;

import java.util.List;

/** Certyneo operation names, as faults and the call log name them (README: "Operation names"). */
public final class CertyneoOperations {

    public static final String UPLOAD_DOCUMENT = "upload-document";
    public static final String LIST_DOCUMENTS = "list-documents";
    public static final String GET_DOCUMENT = "get-document";
    public static final String DELETE_DOCUMENT = "delete-document";
    public static final String CREATE_ENVELOPE = "create-envelope";
    public static final String LIST_ENVELOPES = "list-envelopes";
    public static final String GET_ENVELOPE = "get-envelope";
    public static final String UPDATE_ENVELOPE = "update-envelope";
    public static final String VOID_ENVELOPE = "void-envelope";
    public static final String SEND_ENVELOPE = "send-envelope";
    public static final String SIGNED_DOCUMENT = "signed-document";
    public static final String AUDIT_TRAIL = "audit-trail";
    public static final String CREATE_WEBHOOK = "create-webhook";
    public static final String LIST_WEBHOOKS = "list-webhooks";
    public static final String DELETE_WEBHOOK = "delete-webhook";
    public static final String CREATE_KEY = "create-key";
    public static final String LIST_KEYS = "list-keys";
    public static final String DELETE_KEY = "delete-key";
    public static final String SIGN_PAGE = "sign-page";

    public static final List<String> ALL = List.of(UPLOAD_DOCUMENT, LIST_DOCUMENTS, GET_DOCUMENT, DELETE_DOCUMENT,
            CREATE_ENVELOPE, LIST_ENVELOPES, GET_ENVELOPE, UPDATE_ENVELOPE, VOID_ENVELOPE, SEND_ENVELOPE,
            SIGNED_DOCUMENT, AUDIT_TRAIL, CREATE_WEBHOOK, LIST_WEBHOOKS, DELETE_WEBHOOK, CREATE_KEY, LIST_KEYS,
            DELETE_KEY, SIGN_PAGE);

    private CertyneoOperations() {
    }
}
