package dev.signport.simulators.okdokument;

import dev.signport.simulators.common.SimError;
import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * The control API's handle on the OKdokument sandbox. OKdokument has one signer link per request,
 * so the email of the control paths is ignored; "decline" cancels, "view" changes nothing.
 */
@ApplicationScoped
public class OkdokumentControl implements VendorControl {

    private final OkdokumentSandbox sandbox;

    public OkdokumentControl(OkdokumentSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public Vendor vendor() {
        return Vendor.OKDOKUMENT;
    }

    @Override
    public List<String> operations() {
        return OkdokumentOperations.ALL;
    }

    @Override
    public Object state(String vendorId) {
        return sandbox.controlView(vendorId);
    }

    @Override
    public Object view(String vendorId, String email) {
        return sandbox.controlView(vendorId);
    }

    @Override
    public Object sign(String vendorId, String email) {
        sandbox.sign(vendorId);
        return sandbox.controlView(vendorId);
    }

    @Override
    public Object decline(String vendorId, String email, String reason) {
        sandbox.cancel(vendorId);
        return sandbox.controlView(vendorId);
    }

    @Override
    public Object expire(String vendorId) {
        sandbox.controlView(vendorId); // 404 for an unknown id first
        throw SimError.okdokument(409, "INVALID_STATE", "OKdokument documents have no expiry");
    }

    /** {@code PUT /_control/okdokument/quota}. */
    public OkdokumentDtos.CounterView setRemaining(int remaining) {
        return sandbox.setRemaining(remaining);
    }
}
