package io.hashstream.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TfThreadsTest {

    @Test
    void everyConcurrentCallerGetsAnInterOpThreadOfItsOwn() {
        // One shared inter-op thread would make the slots' session runs take turns.
        assertThat(TfThreads.shareOf(2, 2)).isEqualTo(new TfThreads(1, 2));
        assertThat(TfThreads.shareOf(4, 16)).isEqualTo(new TfThreads(4, 4));
        assertThat(TfThreads.shareOf(3, 2)).isEqualTo(new TfThreads(1, 3));
    }

    @Test
    void aSingleUserGetsEveryCoreForItsOps() {
        assertThat(TfThreads.shareOf(1, 8)).isEqualTo(new TfThreads(8, 1));
    }

    @Test
    void refusesNoSharersAndEmptyPools() {
        assertThatThrownBy(() -> TfThreads.shareOf(0, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TfThreads(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
