package dev.signport.platform.auth;

import dev.signport.platform.api.ProblemException;
import dev.signport.platform.api.ProblemType;
import jakarta.enterprise.context.RequestScoped;

/** The authenticated caller of the current request, set by {@link AuthenticationFilter}. */
@RequestScoped
public class CurrentCaller {

    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
    }

    /** The caller; a 401 problem when the request was not authenticated by an API key. */
    public Caller get() {
        if (caller == null) {
            throw new ProblemException(ProblemType.UNAUTHORIZED, "This route needs an API key");
        }
        return caller;
    }

    public boolean isPresent() {
        return caller != null;
    }

    public String tenantId() {
        return get().tenantId();
    }
}
