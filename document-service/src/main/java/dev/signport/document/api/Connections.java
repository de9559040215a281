package dev.signport.document.api;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/** Connection handling for refused uploads. */
final class Connections {

    private Connections() {}

    /**
     * Asks for the connection to be closed once the response is sent, so that the rest of a refused
     * upload is never read (keeping the connection would mean draining the whole body first).
     */
    static void closeAfterResponse(RoutingContext rc) {
        if (rc.request().isEnded()) {
            return;
        }
        rc.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        rc.addEndHandler(ignored -> rc.request().connection().close());
    }
}
