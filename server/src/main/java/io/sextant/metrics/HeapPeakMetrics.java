package io.sextant.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * The heap's high-water mark since the process started: {@code sextant_jvm_heap_peak_bytes} in
 * {@code /actuator/prometheus}.
 *
 * <p>It is the sum of every heap pool's peak usage (eden, survivor, old generation). The pools peak
 * at different moments, so the sum is an upper bound of the real peak, never below it; the
 * benchmark compares it with the heap budget. It carries no tenant data.
 */
@Component
class HeapPeakMetrics implements MeterBinder {

    private final List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(p -> p.getType() == MemoryType.HEAP && p.isValid())
            .toList();

    @Override
    public void bindTo(MeterRegistry registry) {
        Gauge.builder("sextant.jvm.heap.peak", this, HeapPeakMetrics::peakBytes)
                .description("sum of the peak usage of every heap memory pool since the start")
                .baseUnit("bytes")
                .register(registry);
    }

    long peakBytes() {
        long sum = 0;
        for (MemoryPoolMXBean pool : heapPools) {
            if (pool.isValid() && pool.getPeakUsage() != null) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum;
    }
}
