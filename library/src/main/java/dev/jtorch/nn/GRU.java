package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * A gated recurrent unit network. Per layer and step, with r, z, n parts of
 * {@code x·W_ihᵀ + b_ih} (i) and {@code h·W_hhᵀ + b_hh} (h): {@code r = σ(i_r + h_r)},
 * {@code z = σ(i_z + h_z)}, {@code n = tanh(i_n + r·h_n)}, {@code h' = (1 - z)·n + z·h}.
 *
 * <p>Shape: see {@link RNNBase}.
 *
 * <pre>{@code
 * var gru = new GRU(10, 20, 2, true);
 * var out = gru.forward(randn(3, 5, 10), null);   // output [3, 5, 20], hidden [2, 3, 20]
 * }</pre>
 */
public class GRU extends RNNBase {

    /** One layer, sequence-first. */
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false);
    }

    /** Stacked layers with biases. */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean batchFirst) {
        this(inputSize, hiddenSize, numLayers, true, batchFirst);
    }

    /** The options of PyTorch's {@code GRU} but bidirectional (and dropout). */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, false);
    }

    /** Every option, as PyTorch's {@code GRU} (without dropout). */
    public GRU(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, boolean bidirectional) {
        super(inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, 3);
    }

    /** The output sequence and the final hidden state; {@code h0} may be null (zeros). */
    public Output forward(Tensor x, Tensor h0) {
        int h = hiddenSize;
        return run(x, new Tensor[]{h0}, 1, (projected, state, cell) -> {
            Tensor hp = hiddenProjection(state[0], cell);
            Tensor r = projected.narrow(1, 0, h).add(hp.narrow(1, 0, h)).sigmoid();
            Tensor z = projected.narrow(1, h, h).add(hp.narrow(1, h, h)).sigmoid();
            Tensor n = projected.narrow(1, 2 * h, h).add(r.mul(hp.narrow(1, 2 * h, h))).tanh();
            return new Tensor[]{z.neg().add(1).mul(n).add(z.mul(state[0]))};
        });
    }

    /** The output sequence only. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).output();
    }
}
