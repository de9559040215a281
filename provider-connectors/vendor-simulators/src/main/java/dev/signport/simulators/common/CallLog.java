package dev.signport.simulators.common;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Every vendor API call received, per vendor, so tests can assert what a connector actually sent. */
@ApplicationScoped
public class CallLog {

    /** One received call; {@code atEpochMillis} is when it arrived, {@code status} what it was answered with. */
    public record Call(String operation, String method, String path, int status, long atEpochMillis) {
    }

    private final Map<Vendor, Deque<Call>> calls = new EnumMap<>(Vendor.class);
    private final int maxEntries;

    public CallLog(SimConfig config) {
        this.maxEntries = Math.max(1, config.calls().maxEntries());
        for (Vendor v : Vendor.values()) {
            calls.put(v, new ArrayDeque<>());
        }
    }

    public void record(Vendor vendor, Call call) {
        Deque<Call> deque = calls.get(vendor);
        synchronized (deque) {
            deque.addLast(call);
            while (deque.size() > maxEntries) {
                deque.removeFirst();
            }
        }
    }

    /** Oldest first by arrival (a delayed call is recorded when answered, but sorts where it arrived). */
    public List<Call> list(Vendor vendor) {
        Deque<Call> deque = calls.get(vendor);
        synchronized (deque) {
            return deque.stream().sorted(Comparator.comparingLong(Call::atEpochMillis)).toList();
        }
    }

    public void clear(Vendor vendor) {
        Deque<Call> deque = calls.get(vendor);
        synchronized (deque) {
            deque.clear();
        }
    }
}
