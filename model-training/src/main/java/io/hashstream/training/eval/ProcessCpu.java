package io.hashstream.training.eval;

import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;

/** CPU time of this JVM process and the machine's load, to report timings honestly on a shared machine. */
public final class ProcessCpu {
    private ProcessCpu() {}

    /** CPU time of all threads of this process so far, in nanoseconds (-1 when the JVM cannot tell). */
    public static long nanos() {
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            return sun.getProcessCpuTime();
        }
        return -1;
    }

    /** The 1-minute system load average (negative when unavailable). */
    public static double loadAverage() {
        return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
