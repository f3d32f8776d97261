package dev.jtorch.nn.init;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.Arrays;

/**
 * Weight initialisations, as {@code torch.nn.init}: each fills a tensor in place (without
 * recording gradients) and returns it. Random ones draw from the global generator, so
 * {@code manualSeed} repeats them.
 *
 * <pre>{@code
 * var fc = new Linear(784, 128);
 * Init.xavierUniform_(fc.weight);
 * Init.zeros_(fc.bias);
 * }</pre>
 */
public final class Init {
    private Init() {
    }

    /** Fills {@code t} with samples of U(low, high). */
    public static Tensor uniform_(Tensor t, double low, double high) {
        try (var g = Torch.noGrad()) {
            return t.uniform_(low, high);
        }
    }

    /** Fills {@code t} with samples of N(mean, std²). */
    public static Tensor normal_(Tensor t, double mean, double std) {
        try (var g = Torch.noGrad()) {
            return t.normal_(mean, std);
        }
    }

    /** Fills {@code t} with {@code value}. */
    public static Tensor constant_(Tensor t, double value) {
        try (var g = Torch.noGrad()) {
            return t.fill_(value);
        }
    }

    /** Fills {@code t} with zeros. */
    public static Tensor zeros_(Tensor t) {
        return constant_(t, 0);
    }

    /** Fills {@code t} with ones. */
    public static Tensor ones_(Tensor t) {
        return constant_(t, 1);
    }

    /**
     * The recommended gain for a nonlinearity, as PyTorch's {@code calculate_gain}: 1 for
     * linear/conv/sigmoid, 5/3 for tanh, √2 for relu, √(2/(1+slope²)) for leaky_relu
     * ({@code param} is the slope, default 0.01 when NaN), 3/4 for selu.
     */
    public static double calculateGain(String nonlinearity, double param) {
        return switch (nonlinearity) {
            case "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
                 "sigmoid" -> 1;
            case "tanh" -> 5.0 / 3;
            case "relu" -> Math.sqrt(2);
            case "leaky_relu" -> {
                double slope = Double.isNaN(param) ? 0.01 : param;
                yield Math.sqrt(2 / (1 + slope * slope));
            }
            case "selu" -> 3.0 / 4;
            default -> throw new IllegalArgumentException("calculateGain: unsupported nonlinearity '" + nonlinearity
                    + "'; expected linear, conv2d, sigmoid, tanh, relu, leaky_relu or selu");
        };
    }

    /** The gain for a nonlinearity without parameter. */
    public static double calculateGain(String nonlinearity) {
        return calculateGain(nonlinearity, Double.NaN);
    }

    /**
     * {@code {fan_in, fan_out}} of a weight: for [out, in, k...] they are in·k... and out·k...
     * (a Linear weight [out, in] has fan_in = in).
     */
    public static int[] fanInAndFanOut(Tensor t) {
        if (t.dim() < 2) {
            throw new IllegalArgumentException("Init: fan in and fan out cannot be computed for a tensor with fewer than "
                    + "2 dimensions (shape " + Arrays.toString(t.shape()) + ")");
        }
        int receptive = 1;
        for (int d = 2; d < t.dim(); d++) {
            receptive *= t.size(d);
        }
        return new int[]{t.size(1) * receptive, t.size(0) * receptive};
    }

    /** Glorot uniform: U(-a, a) with a = gain·√(6 / (fan_in + fan_out)). */
    public static Tensor xavierUniform_(Tensor t, double gain) {
        int[] fans = fanInAndFanOut(t);
        double a = gain * Math.sqrt(6.0 / (fans[0] + fans[1]));
        return uniform_(t, -a, a);
    }

    /** Glorot uniform with gain 1. */
    public static Tensor xavierUniform_(Tensor t) {
        return xavierUniform_(t, 1);
    }

    /** Glorot normal: N(0, std²) with std = gain·√(2 / (fan_in + fan_out)). */
    public static Tensor xavierNormal_(Tensor t, double gain) {
        int[] fans = fanInAndFanOut(t);
        return normal_(t, 0, gain * Math.sqrt(2.0 / (fans[0] + fans[1])));
    }

    /** Glorot normal with gain 1. */
    public static Tensor xavierNormal_(Tensor t) {
        return xavierNormal_(t, 1);
    }

    /**
     * He uniform: U(-b, b) with b = gain·√(3 / fan), gain = calculateGain(nonlinearity, a),
     * fan = fan_in or fan_out by {@code mode}.
     */
    public static Tensor kaimingUniform_(Tensor t, double a, String mode, String nonlinearity) {
        double std = calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode));
        double bound = Math.sqrt(3) * std;
        return uniform_(t, -bound, bound);
    }

    /** He uniform for ReLU-like layers with fan_in: {@code kaimingUniform_(t, 0, "fan_in", "leaky_relu")}. */
    public static Tensor kaimingUniform_(Tensor t) {
        return kaimingUniform_(t, 0, "fan_in", "leaky_relu");
    }

    /** He normal: N(0, std²) with std = gain / √fan. */
    public static Tensor kaimingNormal_(Tensor t, double a, String mode, String nonlinearity) {
        return normal_(t, 0, calculateGain(nonlinearity, a) / Math.sqrt(fan(t, mode)));
    }

    /** He normal with fan_in and gain √2. */
    public static Tensor kaimingNormal_(Tensor t) {
        return kaimingNormal_(t, 0, "fan_in", "leaky_relu");
    }

    private static int fan(Tensor t, String mode) {
        int[] fans = fanInAndFanOut(t);
        return switch (mode) {
            case "fan_in" -> fans[0];
            case "fan_out" -> fans[1];
            default -> throw new IllegalArgumentException("Init: mode must be \"fan_in\" or \"fan_out\", got \"" + mode + "\"");
        };
    }
}
