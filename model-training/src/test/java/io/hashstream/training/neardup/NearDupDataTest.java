package io.hashstream.training.neardup;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NearDupDataTest {

    @TempDir
    Path dir;

    @Test
    void copiesOfTrainingOrValidationFilesAreLeftOutOfLaterParts() throws Exception {
        Path trained = Files.write(dir.resolve("animals-frog.png"), new byte[] {1, 2, 3});
        Path validated = Files.write(dir.resolve("icons-tent.png"), new byte[] {4, 5, 6});
        Path copy = Files.write(dir.resolve("computer-frog.png"), new byte[] {1, 2, 3});
        Path link = Files.createSymbolicLink(dir.resolve("camping-tent.png"), validated.getFileName());
        Path unique = Files.write(dir.resolve("shapes-star.png"), new byte[] {7, 8, 9});
        Path linkToTrained = Files.createSymbolicLink(dir.resolve("pets-frog.png"), trained.getFileName());
        Map<SourceSplit.Part, List<Path>> parts = Map.of(
                SourceSplit.Part.TRAIN, List.of(trained),
                SourceSplit.Part.VALIDATION, List.of(validated, linkToTrained),
                SourceSplit.Part.TEST, List.of(copy, link, unique));

        assertThat(NearDupData.withoutCopiesOfEarlierParts(parts, SourceSplit.Part.TRAIN)).containsExactly(trained);
        assertThat(NearDupData.withoutCopiesOfEarlierParts(parts, SourceSplit.Part.VALIDATION)).containsExactly(validated);
        assertThat(NearDupData.withoutCopiesOfEarlierParts(parts, SourceSplit.Part.TEST)).containsExactly(unique);
    }
}
