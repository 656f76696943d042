package io.hashstream.deploy.cluster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The input of {@link RecoveryProbeJob}: events {@code id,key,code} where codes repeat within a key
 * with a few bits flipped (near-duplicates at Hamming distance 0..5), and the brute-force answer.
 */
record ProbeFeed(List<Event> events) {

    record Event(String id, String key, long code) {
        String line() {
            return id + "," + key + "," + Long.toHexString(code);
        }
    }

    static ProbeFeed generate(int count, int keys, long seed) {
        Random random = new Random(seed);
        Map<String, List<Long>> bases = new HashMap<>();
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String key = "k" + random.nextInt(keys);
            List<Long> b = bases.computeIfAbsent(key, k -> new ArrayList<>());
            long code;
            if (b.isEmpty() || random.nextInt(10) < 3) {
                code = random.nextLong();
                b.add(code);
            } else {
                code = b.get(random.nextInt(b.size()));
                for (int flips = random.nextInt(6); flips > 0; flips--) {
                    code ^= 1L << random.nextInt(64);
                }
            }
            events.add(new Event(String.format("e%06d", i), key, code));
        }
        return new ProbeFeed(List.copyOf(events));
    }

    /** For each id, the earlier ids of its key within the radius, in input order (what the job must say). */
    Map<String, List<String>> oracle() {
        Map<String, List<Event>> byKey = new HashMap<>();
        Map<String, List<String>> answers = new LinkedHashMap<>();
        for (Event e : events) {
            List<Event> earlier = byKey.computeIfAbsent(e.key(), k -> new ArrayList<>());
            List<String> matches = new ArrayList<>();
            for (Event o : earlier) {
                if (Long.bitCount(o.code() ^ e.code()) <= RecoveryProbeJob.RADIUS) {
                    matches.add(o.id());
                }
            }
            earlier.add(e);
            answers.put(e.id(), matches);
        }
        return answers;
    }
}
