package io.hashstream.jobs.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class TaskManagerProcessesTest {

    @Test
    void findsProcessesByTheTaskManagerMainClassOnTheirCommandLine() throws Exception {
        // a real process whose command line carries the main class (as sh's $0), like a TaskManager JVM's
        Process p = new ProcessBuilder("sh", "-c", "sleep 60", ClusterTarget.TASK_MANAGER_MAIN).start();
        try {
            assertThat(TaskManagerProcesses.pids()).contains(p.pid()).doesNotContain(ProcessHandle.current().pid());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        assertThat(TaskManagerProcesses.pids()).doesNotContain(p.pid());
    }

    @Test
    void readsCpuTimeAndResidentMemoryFromProc() {
        long self = ProcessHandle.current().pid();
        long before = ProcFiles.cpuTicks(self);
        long x = 0;
        // burn CPU until a tick (10 ms) is counted; the time bound only matters if the counting is broken
        for (long end = System.nanoTime() + 10_000_000_000L; System.nanoTime() < end
                && ProcFiles.cpuTicks(self) <= before; ) {
            for (int i = 0; i < 1_000_000; i++) {
                x += Long.numberOfTrailingZeros(x + i);
            }
        }
        assertThat(ProcFiles.cpuTicks(self)).as("after %d", x).isGreaterThan(before);
        assertThat(ProcFiles.rssBytes(self)).isGreaterThan(16L << 20);
        assertThat(ProcFiles.cpuTicks(Integer.MAX_VALUE)).as("no such process").isEqualTo(-1);
    }
}
