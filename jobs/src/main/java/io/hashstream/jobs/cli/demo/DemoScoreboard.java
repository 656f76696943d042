package io.hashstream.jobs.cli.demo;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import io.hashstream.event.DeadLetter;
import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;

/**
 * What the demo saw come out of the job, judged against the feed's ground truth: prints one line per
 * result or dead letter as it arrives and a closing summary. Thread-safe (the follower thread records,
 * the main thread reads).
 */
public final class DemoScoreboard {

    private final Map<String, DemoFeed.Item> items = new HashMap<>();
    private final PrintStream out;
    private final Map<String, MatchResult> results = new LinkedHashMap<>();
    private final Map<String, Integer> deliveries = new HashMap<>();
    private final Map<String, Integer> deadLetterReasons = new TreeMap<>();
    private int deadLetters;
    private int duplicates;

    public DemoScoreboard(DemoFeed feed, PrintStream out) {
        feed.items().forEach(i -> items.put(i.id(), i));
        this.out = out;
    }

    public synchronized void result(MatchResult r) {
        if (deliveries.merge(r.id(), 1, Integer::sum) > 1) {
            duplicates++;
            out.printf("  !! %s delivered more than once%n", r.id());
            return;
        }
        results.put(r.id(), r);
        DemoFeed.Item item = items.get(r.id());
        String what = item == null ? "?" : item.description();
        if (r.matches().isEmpty()) {
            out.printf("  +  %-22s new                                 %s%n", r.id(), what);
            return;
        }
        Match nearest = r.matches().get(0);
        boolean right = item != null && sameGroup(item, nearest.id());
        String more = r.matches().size() > 1 ? " +" + (r.matches().size() - 1) + " more" : "";
        out.printf("  ≈  %-22s matches %-16s d=%-3d%-7s %s %s%n", r.id(), nearest.id(), nearest.distance(), more,
                right ? "✓" : "✗", what);
    }

    public synchronized void deadLetter(DeadLetter d) {
        String id = d.id() != null ? d.id() : d.sourceTopic() + "-" + d.partition() + "@" + d.offset();
        if (deliveries.merge(id, 1, Integer::sum) > 1) {
            duplicates++;
            out.printf("  !! %s delivered more than once%n", id);
            return;
        }
        deadLetters++;
        deadLetterReasons.merge(d.reason(), 1, Integer::sum);
        out.printf("  ✗  %-22s dead letter %s: %s%n", id, d.reason(), abbreviate(d.message(), 70));
    }

    /** Results plus dead letters received so far. */
    public synchronized int accounted() {
        return results.size() + deadLetters;
    }

    public synchronized void printSummary(int sent) {
        long images = items.values().stream().filter(DemoFeed.Item::valid).count();
        long withMatches = results.values().stream().filter(r -> !r.matches().isEmpty()).count();
        Set<String> clusters = results.values().stream().filter(r -> !r.matches().isEmpty())
                .map(MatchResult::clusterId).collect(Collectors.toSet());
        long expectedClusters = items.values().stream().filter(i -> i.kind() == DemoFeed.Kind.EDIT)
                .map(DemoFeed.Item::group).distinct().count();
        Map<String, int[]> byEdit = new TreeMap<>();
        int copiesFound = 0;
        int copies = 0;
        int falsePairs = 0;
        for (DemoFeed.Item item : items.values()) {
            MatchResult r = results.get(item.id());
            if (item.kind() == DemoFeed.Kind.EDIT) {
                copies++;
                String edit = item.id().substring(item.id().indexOf('~') + 1);
                int[] counts = byEdit.computeIfAbsent(edit, e -> new int[2]);
                counts[1]++;
                if (r != null && r.matches().stream().anyMatch(m -> sameGroup(item, m.id()))) {
                    copiesFound++;
                    counts[0]++;
                }
            }
            if (r != null) {
                for (Match m : r.matches()) {
                    if (!sameGroup(item, m.id())) {
                        falsePairs++;
                    }
                }
            }
        }
        out.println();
        out.println("Summary");
        out.printf("  events sent          %d (%d images, %d broken)%n", sent, images, sent - images);
        out.printf("  results              %d (%d with at least one match)%n", results.size(), withMatches);
        out.printf("  dead letters         %d %s%n", deadLetters, deadLetterReasons);
        out.printf("  duplicate clusters   %d found (%d pictures have edited copies in the feed)%n", clusters.size(), expectedClusters);
        out.printf("  copies found         %d of %d edited copies matched their picture (%s)%n", copiesFound, copies,
                byEdit.entrySet().stream().map(e -> e.getKey() + " " + e.getValue()[0] + "/" + e.getValue()[1])
                        .collect(Collectors.joining(", ")));
        out.printf("  false matches        %d pairs of different pictures%n", falsePairs);
        out.printf("  accounted            %d of %d events have exactly one result or dead letter%s%n",
                accounted(), sent, duplicates > 0 ? " (" + duplicates + " duplicate deliveries!)" : "");
    }

    public synchronized List<String> missing(List<DemoFeed.Item> sent) {
        Set<String> seen = new HashSet<>(deliveries.keySet());
        return sent.stream().map(DemoFeed.Item::id).filter(id -> !seen.contains(id)).toList();
    }

    private boolean sameGroup(DemoFeed.Item item, String otherId) {
        DemoFeed.Item other = items.get(otherId);
        return other != null && item.group() != null && item.group().equals(other.group());
    }

    private static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
