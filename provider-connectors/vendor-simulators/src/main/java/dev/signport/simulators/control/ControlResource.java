package dev.signport.simulators.control;

import dev.signport.simulators.certyneo.CertyneoAccount;
import dev.signport.simulators.common.CallLog;
import dev.signport.simulators.common.Fault;
import dev.signport.simulators.common.FaultKind;
import dev.signport.simulators.common.FaultRegistry;
import dev.signport.simulators.common.Resettable;
import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.TokenBucketRateLimiter.Limits;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorControl;
import dev.signport.simulators.okdokument.OkdokumentControl;
import dev.signport.simulators.okdokument.OkdokumentDtos.CounterView;
import dev.signport.simulators.okdokument.OkdokumentDtos.QuotaRequest;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The sandbox's back door for tests and demos: act as a signer, read vendor-side state, inject
 * faults, read the call log, reset. No authentication: it must never be exposed outside the sandbox.
 */
@Path("/_control")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ControlResource {

    /** Longest injectable delay: long enough for any client timeout, short enough not to pin a request forever. */
    private static final long MAX_DELAY_MS = 600_000;

    private final Map<Vendor, VendorControl> vendors = new EnumMap<>(Vendor.class);
    private final FaultRegistry faults;
    private final CallLog callLog;
    private final Instance<Resettable> resettables;
    private final CertyneoAccount certyneoAccount;
    private final OkdokumentControl okdokument;

    public ControlResource(Instance<VendorControl> vendorControls, FaultRegistry faults, CallLog callLog,
            Instance<Resettable> resettables, CertyneoAccount certyneoAccount, OkdokumentControl okdokument) {
        vendorControls.forEach(c -> vendors.put(c.vendor(), c));
        this.faults = faults;
        this.callLog = callLog;
        this.resettables = resettables;
        this.certyneoAccount = certyneoAccount;
        this.okdokument = okdokument;
    }

    /** {@code decline} body. */
    public record DeclineRequest(String reason) {
    }

    /** {@code POST /_control/{vendor}/faults} body (README). */
    public record FaultRequest(String operation, String kind, Integer status, Integer retryAfterSeconds, Long delayMs,
            Integer times) {
    }

    /** {@code PUT /_control/certyneo/rate-limit} body and answer. */
    public record RateLimitRequest(Integer perMinute, Integer burst) {
    }

    // ---- signer actions and state

    @GET
    @Path("/{vendor}/envelopes/{vendorId}")
    public Object state(@PathParam("vendor") String vendor, @PathParam("vendorId") String vendorId) {
        return control(vendor).state(vendorId);
    }

    @POST
    @Path("/{vendor}/envelopes/{vendorId}/recipients/{email}/view")
    @Consumes(MediaType.WILDCARD)
    public Object view(@PathParam("vendor") String vendor, @PathParam("vendorId") String vendorId,
            @PathParam("email") String email) {
        return control(vendor).view(vendorId, email);
    }

    @POST
    @Path("/{vendor}/envelopes/{vendorId}/recipients/{email}/sign")
    @Consumes(MediaType.WILDCARD)
    public Object sign(@PathParam("vendor") String vendor, @PathParam("vendorId") String vendorId,
            @PathParam("email") String email) {
        return control(vendor).sign(vendorId, email);
    }

    @POST
    @Path("/{vendor}/envelopes/{vendorId}/recipients/{email}/decline")
    @Consumes(MediaType.WILDCARD)
    public Object decline(@PathParam("vendor") String vendor, @PathParam("vendorId") String vendorId,
            @PathParam("email") String email, DeclineRequest body) {
        return control(vendor).decline(vendorId, email, body == null ? null : body.reason());
    }

    @POST
    @Path("/{vendor}/envelopes/{vendorId}/expire")
    @Consumes(MediaType.WILDCARD)
    public Object expire(@PathParam("vendor") String vendor, @PathParam("vendorId") String vendorId) {
        return control(vendor).expire(vendorId);
    }

    // ---- faults

    @POST
    @Path("/{vendor}/faults")
    public Response addFault(@PathParam("vendor") String vendorKey, FaultRequest req) {
        VendorControl vendor = control(vendorKey);
        if (req == null || req.operation() == null || req.kind() == null) {
            throw invalid("operation and kind are required");
        }
        FaultKind kind = FaultKind.fromKey(req.kind()).orElseThrow(
                () -> invalid("kind must be status, delay, drop-callback or duplicate-callback"));
        String op = req.operation();
        // Reject what could never fire rather than accept a fault that silently does nothing.
        if (kind.callback()) {
            if (!op.equals(Fault.CALLBACK) && !op.equals(Fault.ANY)) {
                throw invalid(kind.key() + " acts on callbacks: operation must be \"callback\" or \"*\"");
            }
        } else if (!op.equals(Fault.ANY) && !vendor.operations().contains(op)) {
            throw invalid("Unknown " + vendorKey + " operation '" + op + "'; known: " + vendor.operations() + " or *");
        }
        if (kind == FaultKind.STATUS && (req.status() == null || req.status() < 100 || req.status() > 599)) {
            throw invalid("kind status needs status (100-599)");
        }
        if (kind == FaultKind.DELAY && (req.delayMs() == null || req.delayMs() < 0 || req.delayMs() > MAX_DELAY_MS)) {
            throw invalid("kind delay needs delayMs (0-" + MAX_DELAY_MS + ")");
        }
        if (req.retryAfterSeconds() != null && req.retryAfterSeconds() < 0) {
            throw invalid("retryAfterSeconds must be ≥ 0");
        }
        int times = req.times() == null ? 1 : req.times();
        if (times == 0 || times < -1) {
            throw invalid("times must be ≥ 1, or -1 for until cleared");
        }
        Fault fault = faults.add(vendor.vendor(), op, kind, kind == FaultKind.STATUS ? req.status() : null,
                kind == FaultKind.STATUS ? req.retryAfterSeconds() : null,
                kind == FaultKind.DELAY ? req.delayMs() : null, times);
        return Response.status(201).entity(fault.view()).build();
    }

    @GET
    @Path("/{vendor}/faults")
    public List<Fault.View> faults(@PathParam("vendor") String vendor) {
        return faults.list(control(vendor).vendor());
    }

    @DELETE
    @Path("/{vendor}/faults")
    public Response clearFaults(@PathParam("vendor") String vendor) {
        faults.clear(control(vendor).vendor());
        return Response.noContent().build();
    }

    // ---- call log

    @GET
    @Path("/{vendor}/calls")
    public List<CallLog.Call> calls(@PathParam("vendor") String vendor) {
        return callLog.list(control(vendor).vendor());
    }

    @DELETE
    @Path("/{vendor}/calls")
    public Response clearCalls(@PathParam("vendor") String vendor) {
        callLog.clear(control(vendor).vendor());
        return Response.noContent().build();
    }

    // ---- account settings

    @PUT
    @Path("/okdokument/quota")
    public CounterView quota(QuotaRequest req) {
        if (req == null || req.remaining() == null) {
            throw invalid("remaining is required");
        }
        return okdokument.setRemaining(req.remaining());
    }

    @GET
    @Path("/certyneo/rate-limit")
    public RateLimitRequest rateLimit() {
        Limits l = certyneoAccount.limits();
        return new RateLimitRequest(l.perMinute(), l.burst());
    }

    /** Takes effect at once; every key starts again with a full bucket. */
    @PUT
    @Path("/certyneo/rate-limit")
    public RateLimitRequest setRateLimit(RateLimitRequest req) {
        if (req == null || req.perMinute() == null || req.burst() == null || req.perMinute() < 1 || req.burst() < 1) {
            throw invalid("perMinute and burst are required and must be ≥ 1");
        }
        certyneoAccount.setLimits(new Limits(req.perMinute(), req.burst()));
        return rateLimit();
    }

    // ---- reset

    @POST
    @Path("/reset")
    @Consumes(MediaType.WILDCARD)
    public Response reset() {
        List<Resettable> all = new ArrayList<>();
        resettables.forEach(all::add);
        all.forEach(Resettable::reset);
        for (Vendor v : Vendor.values()) {
            faults.clear(v);
            callLog.clear(v);
        }
        return Response.noContent().build();
    }

    private VendorControl control(String vendorKey) {
        return Vendor.fromKey(vendorKey).map(vendors::get)
                .orElseThrow(() -> SimError.control(404, "not_found", "Unknown vendor '" + vendorKey + "'"));
    }

    private static SimError invalid(String message) {
        return SimError.control(400, "validation_error", message);
    }
}
