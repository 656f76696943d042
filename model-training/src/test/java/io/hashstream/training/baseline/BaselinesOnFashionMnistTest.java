package io.hashstream.training.baseline;

import io.hashstream.code.BinaryCode;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.data.FashionMnist;
import io.hashstream.training.eval.RetrievalEvaluator;
import io.hashstream.training.eval.RetrievalMetrics;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/** Needs the Debian package dataset-fashion-mnist (scripts/install-deps.sh installs it). */
class BaselinesOnFashionMnistTest {

    @Test
    void itqBeatsLshOnAFashionMnistSubset() throws IOException {
        Dataset db = FashionMnist.preprocess(
                FashionMnist.readRaw(FashionMnist.dir(), FashionMnist.Split.TRAIN).head(6000), FashionMnist.nativeInput());
        Dataset queries = FashionMnist.preprocess(
                FashionMnist.readRaw(FashionMnist.dir(), FashionMnist.Split.TEST).head(1000), FashionMnist.nativeInput());

        RetrievalMetrics lsh = evaluate(new LshBaseline(32, 1), db, queries);
        RetrievalMetrics itq = evaluate(new ItqBaseline(32, 1), db, queries);

        // Both far above chance (10 balanced classes: MAP@all of random codes is about 0.1) ...
        assertThat(lsh.mapAt(RetrievalEvaluator.ALL).map()).isGreaterThan(0.25);
        // ... and ITQ ahead of LSH, as published (Gong & Lazebnik 2011).
        assertThat(itq.mapAt(RetrievalEvaluator.ALL).map()).isGreaterThan(lsh.mapAt(RetrievalEvaluator.ALL).map() + 0.02);
        assertThat(itq.mapAt(1000).map()).isGreaterThan(lsh.mapAt(1000).map());
    }

    private static RetrievalMetrics evaluate(HashingMethod method, Dataset db, Dataset queries) {
        method.fit(db);
        BinaryCode[] dbCodes = method.encode(db);
        BinaryCode[] queryCodes = method.encode(queries);
        return RetrievalEvaluator.standard().evaluate(queryCodes, queries.labels(), dbCodes, db.labels());
    }
}
