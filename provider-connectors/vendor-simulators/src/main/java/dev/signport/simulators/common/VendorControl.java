package dev.signport.simulators.common;

import java.util.List;

/** What the control API can do to one vendor's sandbox; each vendor package implements it once. */
public interface VendorControl {

    Vendor vendor();

    /** The vendor's API operation names (fault targets besides {@code *} and {@code callback}). */
    List<String> operations();

    /** The vendor-side state of an envelope / signature request, as JSON-serialisable object. */
    Object state(String vendorId);

    Object view(String vendorId, String email);

    Object sign(String vendorId, String email);

    Object decline(String vendorId, String email, String reason);

    /** Lets the envelope run out of time, where the vendor has such a state. */
    Object expire(String vendorId);
}
