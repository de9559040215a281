package dev.signport.simulators.okdokument;

import java.util.List;

/** OKdokument operation names, as faults and the call log name them (README: "Operation names"). */
public final class OkdokumentOperations {

    public static final String CREATE_REQUEST = "create-request";
    public static final String GET_REQUEST = "get-request";
    public static final String DOWNLOAD = "download";
    public static final String DELETE_REQUEST = "delete-request";
    public static final String COUNTER = "counter";
    public static final String LIST = "list";
    public static final String OPEN_DOCUMENT = "open-document";

    public static final List<String> ALL = List.of(CREATE_REQUEST, GET_REQUEST, DOWNLOAD, DELETE_REQUEST, COUNTER, LIST,
            OPEN_DOCUMENT);

    private OkdokumentOperations() {
    }
}
