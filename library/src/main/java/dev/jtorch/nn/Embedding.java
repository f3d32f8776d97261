package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.functional.F;
import dev.jtorch.nn.init.Init;

/**
 * A lookup table of {@code numEmbeddings} learnable vectors of size {@code embeddingDim}.
 *
 * <p>Shape: input int64 ids of any shape {@code [*]}, output {@code [*, embedding_dim]}.
 * Weight starts N(0, 1), with the row at {@code paddingIdx} zero (and never updated).
 *
 * <pre>{@code
 * var emb = new Embedding(1000, 64);
 * emb.forward(tensor(new long[][]{{1, 2, 3}}));   // [1, 3, 64]
 * }</pre>
 */
public class Embedding extends Module {
    /** The number of vectors. */
    public final int numEmbeddings;
    /** The size of each vector. */
    public final int embeddingDim;
    /** The id whose vector stays zero and gets no gradient, or -1. */
    public final int paddingIdx;
    /** The table, [num_embeddings, embedding_dim]. */
    public final Parameter weight;

    /** A table without padding id. */
    public Embedding(int numEmbeddings, int embeddingDim) {
        this(numEmbeddings, embeddingDim, -1);
    }

    /** A table whose row {@code paddingIdx} stays zero (negative: none). */
    public Embedding(int numEmbeddings, int embeddingDim, int paddingIdx) {
        if (paddingIdx >= numEmbeddings) {
            throw new IllegalArgumentException("Embedding: padding_idx (" + paddingIdx + ") must be within num_embeddings ("
                    + numEmbeddings + ")");
        }
        this.numEmbeddings = numEmbeddings;
        this.embeddingDim = embeddingDim;
        this.paddingIdx = paddingIdx;
        this.weight = new Parameter(Torch.zeros(numEmbeddings, embeddingDim));
        Init.normal_(weight, 0, 1);
        if (paddingIdx >= 0) {
            try (var g = Torch.noGrad()) {
                weight.select(0, paddingIdx).zero_();
            }
        }
    }

    /**
     * A table holding a copy of {@code embeddings} [V, D], frozen (no gradient) when
     * {@code freeze}, as PyTorch's {@code Embedding.from_pretrained}.
     */
    public static Embedding fromPretrained(Tensor embeddings, boolean freeze) {
        if (embeddings.dim() != 2) {
            throw new IllegalArgumentException("Embedding.fromPretrained: embeddings must be 2-D [num_embeddings, embedding_dim], "
                    + "got shape " + java.util.Arrays.toString(embeddings.shape()));
        }
        var table = new Embedding(embeddings.size(0), embeddings.size(1));
        try (var g = Torch.noGrad()) {
            table.weight.copy_(embeddings);
        }
        table.weight.requiresGrad_(!freeze);
        return table;
    }

    @Override
    public Tensor forward(Tensor ids) {
        return observed(F.embedding(ids, weight, paddingIdx));
    }

    @Override
    public String extraRepr() {
        return numEmbeddings + ", " + embeddingDim + (paddingIdx >= 0 ? ", padding_idx=" + paddingIdx : "");
    }
}
