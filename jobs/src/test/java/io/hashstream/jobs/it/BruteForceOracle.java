package io.hashstream.jobs.it;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;
import io.hashstream.image.ImagePipeline;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;

/**
 * What the job must answer, computed the slow, obvious way: every image encoded on its own with the
 * same model and preprocessing, then for each image every earlier image (event time, then id) of the
 * same tenant compared by full Hamming distance.
 */
final class BruteForceOracle {

    private BruteForceOracle() {
    }

    static Map<String, BinaryCode> encode(Path model, List<TestEvent> events) throws Exception {
        Map<String, BinaryCode> codes = new HashMap<>();
        try (SavedModelEncoder encoder = SavedModelEncoder.load(model, TfThreads.wholeMachine())) {
            ImagePipeline pipeline = new ImagePipeline(encoder.input());
            for (TestEvent e : events) {
                codes.put(e.id(), encoder.encode(pipeline.toModelInput(e.image()), 1)[0]);
            }
        }
        return codes;
    }

    static Map<String, MatchResult> expected(List<TestEvent> events, Map<String, BinaryCode> codes, int radius, String modelId) {
        Comparator<TestEvent> order = Comparator.comparingLong(TestEvent::eventTime).thenComparing(TestEvent::id);
        Map<String, MatchResult> expected = new HashMap<>();
        for (TestEvent e : events) {
            List<Match> matches = new ArrayList<>();
            for (TestEvent f : events) {
                if (f.tenant().equals(e.tenant()) && order.compare(f, e) < 0) {
                    int d = codes.get(e.id()).distance(codes.get(f.id()));
                    if (d <= radius) {
                        matches.add(new Match(f.id(), d, f.eventTime()));
                    }
                }
            }
            expected.put(e.id(), MatchResult.of(e.id(), e.tenant(), e.eventTime(), modelId, codes.get(e.id()), matches));
        }
        return expected;
    }
}
