package io.hashstream.jobs.hostile;

import java.util.Set;

/**
 * What must become of one hostile record: a result, a dead letter with one of the given reason codes,
 * or a refusal by the producer (the record never reaches the topic, so the job never sees it).
 */
record Expected(Kind kind, Set<String> reasons) {
    enum Kind { RESULT, DEAD_LETTER, PRODUCER_REFUSED }

    static Expected result() {
        return new Expected(Kind.RESULT, Set.of());
    }

    static Expected deadLetter(String... reasons) {
        return new Expected(Kind.DEAD_LETTER, Set.of(reasons));
    }

    static Expected producerRefused() {
        return new Expected(Kind.PRODUCER_REFUSED, Set.of());
    }

    boolean allows(String reason) {
        return kind == Kind.DEAD_LETTER && reasons.contains(reason);
    }

    @Override
    public String toString() {
        return kind == Kind.DEAD_LETTER ? "dead letter " + reasons : kind.name().toLowerCase();
    }
}
