package io.hashstream.training.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.hashstream.code.BinaryCode;
import io.hashstream.model.DevicePreference;
import io.hashstream.model.ModelCard;
import io.hashstream.model.ModelIds;
import io.hashstream.model.SavedModelEncoder;
import io.hashstream.model.TfThreads;
import io.hashstream.training.data.Dataset;
import io.hashstream.training.eval.RetrievalEvaluator;
import io.hashstream.training.train.FashionMnistSample;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The model committed under {@code models/} (the demo's default encoder) is intact, matches its
 * card, gives the same codes whatever the batch size, and retrieves far better than chance.
 */
class DefaultModelTest {
    private static final Path DIR = Path.of("..", "models", "fashion-mnist-hashnet-64");

    @Test
    void committedModelLoadsAndEncodesFashionMnist() {
        ModelCard card = ModelCard.read(DIR);
        assertThat(ModelIds.of(DIR)).as("weights match the card's model id").isEqualTo(card.modelId());
        assertThat(card.bits()).isEqualTo(64);
        assertThat(card.method()).isEqualTo("hashnet");
        assumeTrue(FashionMnistSample.available(), "Fashion-MNIST missing: apt-get install -y dataset-fashion-mnist");
        Dataset db = FashionMnistSample.load("train", 2000);
        Dataset q = FashionMnistSample.load("t10k", 300);
        try (SavedModelEncoder enc = SavedModelEncoder.load(DIR, TfThreads.wholeMachine(), DevicePreference.CPU)) {
            assertThat(enc.input()).isEqualTo(FashionMnistSample.INPUT);
            BinaryCode[] whole = enc.encode(q.images(), q.size());
            BinaryCode[] oneByOne = new BinaryCode[q.size()];
            int per = q.floatsPerImage();
            for (int i = 0; i < q.size(); i++) {
                oneByOne[i] = enc.encode(Arrays.copyOfRange(q.images(), i * per, (i + 1) * per), 1)[0];
            }
            assertThat(oneByOne).as("codes do not depend on the batch").containsExactly(whole);
            double map = new RetrievalEvaluator(new int[] {RetrievalEvaluator.ALL}, 2, 2)
                    .evaluate(whole, q.labels(), enc.encode(db.images(), db.size()), db.labels())
                    .mapAt(RetrievalEvaluator.ALL).map();
            assertThat(map).as("MAP@all on 300 queries x 2000 images (10 classes: chance ~0.1)").isGreaterThan(0.6);
        }
    }
}
