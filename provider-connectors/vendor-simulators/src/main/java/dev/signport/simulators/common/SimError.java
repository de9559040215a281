package dev.signport.simulators.common;

/**
 * A refusal the way the vendor itself would answer it: HTTP status plus the vendor's error code.
 * Rendered in the vendor's own error shape by {@link ErrorMappers}; {@code vendor == null} means the control API.
 */
public class SimError extends RuntimeException {

    private final Vendor vendor;
    private final int status;
    private final String code;

    public SimError(Vendor vendor, int status, String code, String message) {
        // No stack trace: these are expected answers, not failures of the simulator.
        super(message, null, false, false);
        this.vendor = vendor;
        this.status = status;
        this.code = code;
    }

    public Vendor vendor() {
        return vendor;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public static SimError certyneo(int status, String code, String message) {
        return new SimError(Vendor.CERTYNEO, status, code, message);
    }

    public static SimError okdokument(int status, String code, String message) {
        return new SimError(Vendor.OKDOKUMENT, status, code, message);
    }

    public static SimError control(int status, String code, String message) {
        return new SimError(null, status, code, message);
    }
}
