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
 * (same layout as the input; {@code 2·hidden_size} features when bidirectional); hidden state
 * {@code [num_layers, N, hidden_size]} ({@code [num_layers·2, N, hidden_size]} when bidirectional).
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
    /** Whether each layer also reads the sequence backwards (outputs of both directions side by side). */
    public final boolean bidirectional;
    private final int gates;
    private final int directions;
    // Per layer and direction (index layer·directions + direction), for the time loop; the same
    // tensors are registered under PyTorch's names.
    private final Parameter[] weightIh;
    private final Parameter[] weightHh;
    private final Parameter[] biasIh;
    private final Parameter[] biasHh;

    /** The output sequence, the final hidden state of every layer, and for an LSTM the final cell state (else null). */
    public record Output(Tensor output, Tensor hidden, Tensor cell) {
    }

    /** One step of one layer and direction ({@code cell} = layer·directions + direction): from the input's projection and the state to the new state. */
    interface Cell {
        Tensor[] step(Tensor inputProjection, Tensor[] state, int cell);
    }

    RNNBase(int inputSize, int hiddenSize, int numLayers, boolean bias, boolean batchFirst, boolean bidirectional, int gates) {
        if (inputSize < 1 || hiddenSize < 1 || numLayers < 1) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": input_size, hidden_size and num_layers must "
                    + "be positive, got (" + inputSize + ", " + hiddenSize + ", " + numLayers + ")");
        }
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        this.numLayers = numLayers;
        this.bias = bias;
        this.batchFirst = batchFirst;
        this.bidirectional = bidirectional;
        this.gates = gates;
        this.directions = bidirectional ? 2 : 1;
        int cells = numLayers * directions;
        this.weightIh = new Parameter[cells];
        this.weightHh = new Parameter[cells];
        this.biasIh = new Parameter[cells];
        this.biasHh = new Parameter[cells];
        double bound = 1 / Math.sqrt(hiddenSize);
        for (int l = 0; l < numLayers; l++) {
            int in = l == 0 ? inputSize : hiddenSize * directions;
            for (int d = 0; d < directions; d++) {
                int i = l * directions + d;
                String suffix = "_l" + l + (d == 1 ? "_reverse" : "");
                weightIh[i] = registerUniform("weight_ih" + suffix, bound, gates * hiddenSize, in);
                weightHh[i] = registerUniform("weight_hh" + suffix, bound, gates * hiddenSize, hiddenSize);
                if (bias) {
                    biasIh[i] = registerUniform("bias_ih" + suffix, bound, gates * hiddenSize);
                    biasHh[i] = registerUniform("bias_hh" + suffix, bound, gates * hiddenSize);
                }
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

    /** {@code h·W_hhᵀ + b_hh} of one layer and direction. */
    Tensor hiddenProjection(Tensor h, int cell) {
        Tensor p = h.matmul(weightHh[cell].t());
        return bias ? p.add(biasHh[cell]) : p;
    }

    /**
     * Runs every layer over the sequence. {@code initial} holds the initial states (each
     * [num_layers·directions, N, hidden], or null for zeros); {@code stateCount} is 1 (h) or 2 (h, c).
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
        int cells = numLayers * directions;
        Tensor[][] state = new Tensor[cells][stateCount];
        for (int s = 0; s < stateCount; s++) {
            Tensor init = initial[s];
            if (init != null) {
                init = unbatched ? init.unsqueeze(1) : init;
                if (!Arrays.equals(init.shape(), new int[]{cells, batch, hiddenSize})) {
                    throw new IllegalArgumentException(name + ": expected initial state of shape [" + cells + ", " + batch
                            + ", " + hiddenSize + "] (num_layers" + (bidirectional ? "·2" : "") + ", batch, hidden_size), got "
                            + Arrays.toString(initial[s].shape()));
                }
            }
            for (int i = 0; i < cells; i++) {
                state[i][s] = init == null ? Torch.zeros(batch, hiddenSize) : init.select(0, i);
            }
        }
        Tensor layerInput = seq;
        for (int l = 0; l < numLayers; l++) {
            Tensor[] perDirection = new Tensor[directions];
            for (int d = 0; d < directions; d++) {
                int i = l * directions + d;
                // The input projection of every step at once: one matrix multiply instead of T.
                Tensor projected = layerInput.reshape(steps * batch, -1).matmul(weightIh[i].t());
                if (bias) {
                    projected = projected.add(biasIh[i]);
                }
                projected = projected.view(steps, batch, gates * hiddenSize);
                Tensor[] outputs = new Tensor[steps];
                for (int k = 0; k < steps; k++) {
                    int t = d == 0 ? k : steps - 1 - k;
                    state[i] = cell.step(projected.select(0, t), state[i], i);
                    outputs[t] = state[i][0];
                }
                perDirection[d] = Torch.stack(outputs, 0);
            }
            layerInput = directions == 1 ? perDirection[0] : Torch.cat(perDirection, 2);
        }
        Tensor output = unbatched ? layerInput.squeeze(1) : (batchFirst ? layerInput.transpose(0, 1) : layerInput);
        Tensor[] finals = new Tensor[stateCount];
        for (int s = 0; s < stateCount; s++) {
            Tensor[] perCell = new Tensor[cells];
            for (int i = 0; i < cells; i++) {
                perCell[i] = state[i][s];
            }
            Tensor stacked = Torch.stack(perCell, 0);
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
        if (bidirectional) {
            sb.append(", bidirectional=True");
        }
        return sb.toString();
    }
}
