package io.hashstream.training.neardup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SourceSplitTest {

    @Test
    void everySourceIsInExactlyOnePartAndTheSharesAreAboutRight() {
        List<Path> files = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            files.add(Path.of("/data/png/set" + (i % 7) + "/img" + i + ".png"));
        }
        Map<SourceSplit.Part, List<Path>> parts = SourceSplit.defaults().split(files, Path::toString);
        Set<Path> seen = new HashSet<>();
        for (List<Path> p : parts.values()) {
            for (Path f : p) {
                assertThat(seen.add(f)).as("%s in two parts", f).isTrue();
            }
        }
        assertThat(seen).hasSize(files.size());
        assertThat(parts.get(SourceSplit.Part.TEST).size()).isBetween(1_800, 2_200);
        assertThat(parts.get(SourceSplit.Part.VALIDATION).size()).isBetween(850, 1_150);
    }

    @Test
    void aSourcesPartDoesNotDependOnTheOtherFiles() {
        SourceSplit split = SourceSplit.defaults();
        List<Path> small = List.of(Path.of("a.png"), Path.of("b.png"), Path.of("c.png"));
        List<Path> large = new ArrayList<>(small);
        for (int i = 0; i < 500; i++) {
            large.add(Path.of("x" + i + ".png"));
        }
        Map<SourceSplit.Part, List<Path>> a = split.split(small, Path::toString);
        Map<SourceSplit.Part, List<Path>> b = split.split(large, Path::toString);
        for (SourceSplit.Part p : SourceSplit.Part.values()) {
            assertThat(b.get(p)).containsAll(a.get(p));
        }
    }

    @Test
    void keysOfTheDebianCollectionsAreRelativeToTheirRoot() {
        assertThat(SourceImages.key(Path.of("/usr/share/openclipart/png/animals/frog.png"))).isEqualTo("png/animals/frog.png");
        assertThat(SourceImages.key(Path.of("/usr/share/tuxpaint/stamps/food/apple.png"))).isEqualTo("stamps/food/apple.png");
    }
}
