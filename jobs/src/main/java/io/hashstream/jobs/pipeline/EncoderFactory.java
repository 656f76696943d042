package io.hashstream.jobs.pipeline;

import io.hashstream.image.ModelInput;
import io.hashstream.model.Encoder;
import io.hashstream.model.TfThreads;
import java.io.Serializable;

/**
 * How an encode operator gets its encoder. Shipped with the job graph, so it carries only the
 * model's location and declared input; each operator instance opens (and later closes) its own
 * handle, which for SavedModels is a lease on one model shared by every slot of the JVM.
 */
public interface EncoderFactory extends Serializable {

    /** The model's input, known when the job is built (the ingest step preprocesses to it). */
    ModelInput input();

    /**
     * The id of the model the job was built with: each encode operator checks that it loaded this one, so
     * a model replaced on one TaskManager's disk fails there instead of indexing codes that do not compare.
     */
    String modelId();

    /** That model's code length: the index layout is checked against it when the job is built. */
    int bits();

    /** Opens a handle for one operator instance; {@code threads} is its share of the machine's cores. */
    Encoder open(TfThreads threads);
}
