package io.hashstream.jobs.pipeline;

import io.hashstream.code.BinaryCode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Images for the index functions' tests, and their brute-force answers. */
final class IndexTestEvents {
    private IndexTestEvents() {
    }

    record Event(String id, long time, BinaryCode code) {
    }

    /** Brute force over all events with the index's visibility rule: probe id -> sorted matching ids. */
    static Map<String, List<String>> oracle(List<Event> events, long retention, int radius) {
        Map<String, List<String>> out = new TreeMap<>();
        for (Event q : events) {
            List<String> ids = new ArrayList<>();
            for (Event e : events) {
                if (IndexShardFunction.visible(e.time(), e.id(), q.time(), q.id(), retention)
                        && e.code().distance(q.code()) <= radius) {
                    ids.add(e.id());
                }
            }
            Collections.sort(ids);
            out.put(q.id(), ids);
        }
        return out;
    }

    /** n images near one random code: times collide on purpose (ties go by id), distances straddle small radii. */
    static List<Event> clustered(Random rnd, int n) {
        BinaryCode base = TestCodes.random(rnd, 64);
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            events.add(new Event(String.format("e%03d", i), rnd.nextInt(30), TestCodes.near(rnd, base, rnd.nextInt(4))));
        }
        return events;
    }
}
