package io.hashstream.training.baseline;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.data.Dataset;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ItqBaselineTest {

    @Test
    void quantizationLossNeverIncreasesAndEndsLower() {
        Dataset data = SyntheticData.clusters(2000, 6, 8, 0.15, 3);
        ItqBaseline itq = new ItqBaseline(16, 50, 5, 2);
        itq.fit(data);

        List<Double> loss = itq.quantizationLoss();
        assertThat(loss).hasSize(51);
        for (int i = 1; i < loss.size(); i++) {
            assertThat(loss.get(i)).as("iteration %d", i).isLessThanOrEqualTo(loss.get(i - 1) * (1 + 1e-12));
        }
        assertThat(loss.get(50)).isLessThan(loss.get(0) * 0.95);
    }

    @Test
    void deterministicForASeedAndIndependentOfThreads() {
        Dataset data = SyntheticData.clusters(500, 5, 4, 0.2, 4);
        ItqBaseline one = new ItqBaseline(8, 10, 9, 1);
        ItqBaseline two = new ItqBaseline(8, 10, 9, 2);
        one.fit(data);
        two.fit(data);
        BinaryCode[] a = one.encode(data);
        assertThat(two.encode(data)).containsExactly(a);
        assertThat(two.quantizationLoss()).isEqualTo(one.quantizationLoss());
    }

    @Test
    void zeroIterationsIsPcaWithARandomRotationAndBitsCannotExceedTheInputDimension() {
        Dataset data = SyntheticData.clusters(100, 2, 2, 0.1, 6);
        ItqBaseline pcaOnly = new ItqBaseline(8, 0, 1, 1);
        assertThatThrownBy(() -> pcaOnly.fit(data)).hasMessageContaining("bits <= input dimension");
        Dataset wider = SyntheticData.clusters(100, 4, 2, 0.1, 6);
        pcaOnly.fit(wider);
        assertThat(pcaOnly.quantizationLoss()).hasSize(1);
        assertThat(pcaOnly.encode(wider)).hasSize(100);
    }
}
