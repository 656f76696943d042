package io.hashstream.training.train;

/** The supported learning-to-hash methods. */
public enum Method {
    /** HashNet (Cao et al., ICCV 2017): weighted pairwise likelihood + continuation tanh(β·z). */
    HASHNET,
    /** DHN (Zhu et al., AAAI 2016): pairwise likelihood + smooth quantization loss, β = 1. */
    DHN;

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
