package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * A long short-term memory network. Per layer and step, with gates i, f, g, o from
 * {@code x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh}: {@code c' = σ(f)·c + σ(i)·tanh(g)},
 * {@code h' = σ(o)·tanh(c')}.
 *
 * <p>Shape: see {@link RNNBase}; the cell state has the hidden state's shape.
 *
 * <pre>{@code
 * var lstm = new LSTM(10, 20, 1, true);
 * var out = lstm.forward(randn(3, 5, 10), null, null);   // output [3, 5, 20], hidden and cell [1, 3, 20]
 * }</pre>
 */
public class LSTM extends RNNBase {

    /** One layer, sequence-first. */
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false);
    }

    /** Stacked layers with biases. */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean batchFirst) {
        this(inputSize, hiddenSize, numLayers, true, batchFirst);
    }

    /** The options of PyTorch's {@code LSTM} but bidirectional (and dropout, proj_size). */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst) {
        this(inputSize, hiddenSize, numLayers, bias, batchFirst, false);
    }

    /** Every option, as PyTorch's {@code LSTM} (without dropout and proj_size). */
    public LSTM(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, boolean bidirectional) {
        super(inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, 4);
    }

    /** The output sequence and final hidden and cell states; {@code h0} and {@code c0} may be null (zeros). */
    public Output forward(Tensor x, Tensor h0, Tensor c0) {
        int h = hiddenSize;
        return run(x, new Tensor[]{h0, c0}, 2, (projected, state, cell) -> {
            Tensor gates = projected.add(hiddenProjection(state[0], cell));
            Tensor in = gates.narrow(1, 0, h).sigmoid();
            Tensor forget = gates.narrow(1, h, h).sigmoid();
            Tensor candidate = gates.narrow(1, 2 * h, h).tanh();
            Tensor out = gates.narrow(1, 3 * h, h).sigmoid();
            Tensor c = forget.mul(state[1]).add(in.mul(candidate));
            return new Tensor[]{out.mul(c.tanh()), c};
        });
    }

    /** The output sequence only. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null, null).output();
    }
}
