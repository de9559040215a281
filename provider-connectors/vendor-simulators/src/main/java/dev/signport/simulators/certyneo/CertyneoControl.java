package dev.signport.simulators.certyneo;

import dev.signport.simulators.common.Vendor;
import dev.signport.simulators.common.VendorControl;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** The control API's handle on the Certyneo sandbox: acts as a signer, reads state, lets envelopes expire. */
@ApplicationScoped
public class CertyneoControl implements VendorControl {

    private final CertyneoSandbox sandbox;

    public CertyneoControl(CertyneoSandbox sandbox) {
        this.sandbox = sandbox;
    }

    @Override
    public Vendor vendor() {
        return Vendor.CERTYNEO;
    }

    @Override
    public List<String> operations() {
        return CertyneoOperations.ALL;
    }

    @Override
    public Object state(String vendorId) {
        return sandbox.controlView(vendorId);
    }

    @Override
    public Object view(String vendorId, String email) {
        return sandbox.view(vendorId, email);
    }

    @Override
    public Object sign(String vendorId, String email) {
        return sandbox.sign(vendorId, email);
    }

    @Override
    public Object decline(String vendorId, String email, String reason) {
        return sandbox.decline(vendorId, email, reason);
    }

    @Override
    public Object expire(String vendorId) {
        return sandbox.expire(vendorId);
    }
}
