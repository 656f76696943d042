package io.hashstream.jobs.perf;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobMetricsTest {

    @Test
    void quantilesPoolTheWindowsOfEverySubtask() {
        // one subtask's window alone would say p50 = 2 and max = 3; pooled, the other's slow values count
        List<long[]> windows = List.of(new long[] {3, 1, 2, 2}, new long[] {40, 10, 20, 30});
        assertThat(JobMetrics.quantile(windows, 0.5)).isEqualTo(3.0);
        assertThat(JobMetrics.quantile(windows, 0.75)).isEqualTo(20.0);
        assertThat(JobMetrics.quantile(windows, 0.99)).isEqualTo(40.0);
        assertThat(JobMetrics.quantile(windows, 1.0)).isEqualTo(40.0);
        assertThat(JobMetrics.quantile(windows, 0.0)).isEqualTo(1.0);
        assertThat(JobMetrics.quantile(List.of(new long[0]), 0.5)).isNaN();
    }
}
