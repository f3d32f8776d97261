package dev.jtorch.nn;

import dev.jtorch.Tensor;

/**
 * An Elman recurrent network: {@code h' = tanh(x·W_ihᵀ + b_ih + h·W_hhᵀ + b_hh)} (or ReLU),
 * per layer and step.
 *
 * <p>Shape: see {@link RNNBase}.
 *
 * <pre>{@code
 * var rnn = new RNN(10, 20, 2, true);             // input, hidden, layers, batchFirst
 * var out = rnn.forward(randn(3, 5, 10), null);   // out.output() [3, 5, 20], out.hidden() [2, 3, 20]
 * }</pre>
 */
public class RNN extends RNNBase {
    /** {@code "tanh"} or {@code "relu"}. */
    public final String nonlinearity;

    /** One layer, tanh, sequence-first. */
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, 1, false);
    }

    /** Stacked layers, tanh, with biases. */
    public RNN(int inputSize, int hiddenSize, int numLayers, boolean batchFirst) {
        this(inputSize, hiddenSize, numLayers, "tanh", true, batchFirst);
    }

    /** The options of PyTorch's {@code RNN} but bidirectional (and dropout). */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst) {
        this(inputSize, hiddenSize, numLayers, nonlinearity, bias, batchFirst, false);
    }

    /** Every option, as PyTorch's {@code RNN} (without dropout). */
    public RNN(int inputSize, int hiddenSize, int numLayers, String nonlinearity, boolean bias, boolean batchFirst,
               boolean bidirectional) {
        super(inputSize, hiddenSize, numLayers, bias, batchFirst, bidirectional, 1);
        if (!nonlinearity.equals("tanh") && !nonlinearity.equals("relu")) {
            throw new IllegalArgumentException("RNN: nonlinearity must be \"tanh\" or \"relu\", got \"" + nonlinearity + "\"");
        }
        this.nonlinearity = nonlinearity;
    }

    /** The output sequence and the final hidden state; {@code h0} [num_layers·directions, N, hidden] may be null (zeros). */
    public Output forward(Tensor x, Tensor h0) {
        boolean relu = nonlinearity.equals("relu");
        return run(x, new Tensor[]{h0}, 1, (projected, state, cell) -> {
            Tensor pre = projected.add(hiddenProjection(state[0], cell));
            return new Tensor[]{relu ? pre.relu() : pre.tanh()};
        });
    }

    /** The output sequence only. */
    @Override
    public Tensor forward(Tensor x) {
        return forward(x, null).output();
    }

    @Override
    public String extraRepr() {
        return super.extraRepr() + (nonlinearity.equals("tanh") ? "" : ", nonlinearity='" + nonlinearity + "'");
    }
}
