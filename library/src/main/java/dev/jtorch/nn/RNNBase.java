package dev.jtorch.nn;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import dev.jtorch.nn.init.Init;

import java.util.Arrays;

/**
 * What {@link RNN}, {@link LSTM} and {@link GRU} share: stacked layers unrolled over time,
 * parameters named as PyTorch's ({@code weight_ih_l0}, {@code weight_hh_l0},
 * {@code bias_ih_l0}, {@code bias_hh_l0}, ...) and initialised uniform in ±1/√hidden_size.
 *
 * <p>Shape: input {@code [T, N, input_size]} ({@code [N, T, input_size]} with
 * {@code batchFirst}, or unbatched {@code [T, input_size]}); output {@code [T, N, hidden_size]}
 * (same layout as the input); hidden state {@code [num_layers, N, hidden_size]}.
 *
 * <p>{@link #forward(Tensor)} returns the output sequence, so a recurrent layer fits in a
 * {@link Sequential}; the subclasses' two-argument forward returns an {@link Output} record
 * with the final hidden (and cell) state too.
 */
public abstract class RNNBase extends Module {
    /** Features of each input step. */
    public final int inputSize;
    /** Features of the hidden state. */
    public final int hiddenSize;
    /** Stacked layers. */
    public final int numLayers;
    /** Whether the layers have biases. */
    public final boolean bias;
    /** Whether input and output are {@code [N, T, features]} instead of {@code [T, N, features]}. */
    public final boolean batchFirst;
    private final int gates;
    // Per layer, for the time loop; the same tensors are registered under PyTorch's names.
    private final Parameter[] weightIh;
    private final Parameter[] weightHh;
    private final Parameter[] biasIh;
    private final Parameter[] biasHh;

    /** The output sequence, the final hidden state of every layer, and for an LSTM the final cell state (else null). */
    public record Output(Tensor output, Tensor hidden, Tensor cell) {
    }

    /** One step of one layer: from the input's projection and the state to the new state. */
    interface Cell {
        Tensor[] step(Tensor inputProjection, Tensor[] state, int layer);
    }

    RNNBase(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, int gates) {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": input_size, hidden_size and num_layers must "
                    + "be positive, got (" + inputSize + ", " + hiddenSize + ", " + numLayers + ")");
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.gates = gates;
        this.weightIh = new Parameter[numLayers];
        this.weightHh = new Parameter[numLayers];
        this.biasIh = new Parameter[numLayers];
        this.biasHh = new Parameter[numLayers];
        double bound = 1 / Math.sqrt(hiddenSize);
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : hiddenSize;
            weightIh[l] = registerUniform("weight_ih_l" + l, bound, gates * hiddenSize, in);
            weightHh[l] = registerUniform("weight_hh_l" + l, bound, gates * hiddenSize, hiddenSize);
            if (bias) {
                biasIh[l] = registerUniform("bias_ih_l" + l, bound, gates * hiddenSize);
                biasHh[l] = registerUniform("bias_hh_l" + l, bound, gates * hiddenSize);
            }
        }
    }

    private Parameter registerUniform(String name, double bound, int... shape) {
        Parameter p = registerParameter(name, new Parameter(Torch.zeros(shape)));
        Init.uniform_(p, -bound, bound);
        return p;
    }

    /** The parameter of this name ({@code weight_ih_l0}, ...). */
    public Parameter parameter(String name) {
        Parameter p = namedParameters().get(name);
        if (p == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + " has no parameter '" + name + "'");
        }
        return p;
    }

    /** {@code h·W_hhᵀ + b_hh}. */
    Tensor hiddenProjection(Tensor h, int layer) {
        Tensor p = h.matmul(weightHh[layer].t());
        return bias ? p.add(biasHh[layer]) : p;
    }

    /**
     * Runs every layer over the sequence. {@code initial} holds the initial states (each
     * [num_layers, N, hidden], or null for zeros); {@code stateCount} is 1 (h) or 2 (h, c).
     */
    Output run(Tensor x, Tensor[] initial, int stateCount, Cell cell) {
        String name = getClass().getSimpleName();
        boolean unbatched = x.dim() == 2;
        if (x.dim() != 2 && x.dim() != 3) {
            throw new IllegalArgumentException(name + ": expected a 2-D [T, input_size] or 3-D input, got shape "
                    + Arrays.toString(x.shape()));
        }
        if (x.size(-1) != inputSize) {
            throw new IllegalArgumentException(name + ": input has " + x.size(-1) + " features per step (shape "
                    + Arrays.toString(x.shape()) + ") but input_size is " + inputSize);
        }
        Tensor seq = unbatched ? x.unsqueeze(1) : (batchFirst ? x.transpose(0, 1) : x);   // [T, N, I]
        int steps = seq.size(0);
        int batch = seq.size(1);
        Tensor[][] state = new Tensor[numLayers][stateCount];
        for (int s = 0; s < stateCount; s++) {
            Tensor init = initial[s];
            if (init != null) {
                init = unbatched ? init.unsqueeze(1) : init;
                if (!Arrays.equals(init.shape(), new int[]{numLayers, batch, hiddenSize})) {
                    throw new IllegalArgumentException(name + ": expected initial state of shape ["
                            + numLayers + ", " + batch + ", " + hiddenSize + "], got " + Arrays.toString(initial[s].shape()));
                }
            }
            for (int l = 0; l < numLayers; l++) {
                state[l][s] = init == null ? Torch.zeros(batch, hiddenSize) : init.select(0, l);
            }
        }
        Tensor layerInput = seq;
        for (int l = 0; l < numLayers; l++) {
            // The input projection of every step at once: one matrix multiply instead of T.
            Tensor projected = layerInput.reshape(steps * batch, -1).matmul(weightIh[l].t());
            if (bias) {
                projected = projected.add(biasIh[l]);
            }
            projected = projected.view(steps, batch, gates * hiddenSize);
            Tensor[] outputs = new Tensor[steps];
            for (int t = 0; t < steps; t++) {
                state[l] = cell.step(projected.select(0, t), state[l], l);
                outputs[t] = state[l][0];
            }
            layerInput = Torch.stack(outputs, 0);
        }
        Tensor output = unbatched ? layerInput.squeeze(1) : (batchFirst ? layerInput.transpose(0, 1) : layerInput);
        Tensor[] finals = new Tensor[stateCount];
        for (int s = 0; s < stateCount; s++) {
            Tensor[] perLayer = new Tensor[numLayers];
            for (int l = 0; l < numLayers; l++) {
                perLayer[l] = state[l][s];
            }
            Tensor stacked = Torch.stack(perLayer, 0);
            finals[s] = unbatched ? stacked.squeeze(1) : stacked;
        }
        return new Output(observed(output), finals[0], stateCount > 1 ? finals[1] : null);
    }

    @Override
    public String extraRepr() {
        StringBuilder sb = new StringBuilder(inputSize + ", " + hiddenSize);
        if (numLayers != 1) {
            sb.append(", num_layers=").append(numLayers);
        }
        if (!bias) {
            sb.append(", bias=False");
        }
        if (batchFirst) {
            sb.append(", batch_first=True");
        }
        return sb.toString();
    }
}
