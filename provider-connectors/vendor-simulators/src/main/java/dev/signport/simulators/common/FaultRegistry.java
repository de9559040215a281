package dev.signport.simulators.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Faults injected through the control API, per vendor; the oldest matching fault fires first. */
@ApplicationScoped
public class FaultRegistry {

    private final Map<Vendor, List<Fault>> faults = new EnumMap<>(Vendor.class);
    private final AtomicLong ids = new AtomicLong();

    public FaultRegistry() {
        for (Vendor v : Vendor.values()) {
            faults.put(v, new CopyOnWriteArrayList<>());
        }
    }

    public Fault add(Vendor vendor, String operation, FaultKind kind, Integer status, Integer retryAfterSeconds,
            Long delayMs, int times) {
        Fault fault = new Fault(ids.incrementAndGet(), operation, kind, status, retryAfterSeconds, delayMs, times);
        faults.get(vendor).add(fault);
        return fault;
    }

    /**
     * The fault of this kind that fires for this operation now, if any; firing counts down its
     * {@code times}. Callback kinds are looked up with {@link Fault#CALLBACK} as the operation.
     */
    public Optional<Fault> fire(Vendor vendor, String operation, FaultKind kind) {
        List<Fault> list = faults.get(vendor);
        for (Fault f : list) {
            if (f.matches(operation, kind) && f.tryFire()) {
                if (f.usedUp()) {
                    list.remove(f);
                }
                return Optional.of(f);
            }
        }
        return Optional.empty();
    }

    public List<Fault.View> list(Vendor vendor) {
        return faults.get(vendor).stream().filter(f -> !f.usedUp()).map(Fault::view).toList();
    }

    public void clear(Vendor vendor) {
        faults.get(vendor).clear();
    }
}
