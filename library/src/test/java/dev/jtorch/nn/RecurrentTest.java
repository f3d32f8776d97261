package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.GradCheck;
import dev.jtorch.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/** RNN, LSTM and GRU: one step by hand, shapes and layouts, parameter names, gradients. */
class RecurrentTest {

    @BeforeEach
    void seed() {
        manualSeed(23);
    }

    private static void set(Parameter p, float... values) {
        try (var g = noGrad()) {
            p.copy_(tensor(values, p.shape()));
        }
    }

    @Test
    void rnnStepsByHand() {
        var rnn = new RNN(1, 1);
        set(rnn.parameter("weight_ih_l0"), 0.5f);
        set(rnn.parameter("weight_hh_l0"), -1f);
        set(rnn.parameter("bias_ih_l0"), 0.1f);
        set(rnn.parameter("bias_hh_l0"), 0.2f);
        var out = rnn.forward(tensor(new float[]{1, 2}, 2, 1, 1), null);
        double h1 = Math.tanh(0.5 + 0.3);
        double h2 = Math.tanh(0.5 * 2 - h1 + 0.3);
        assertArrayEquals(new float[]{(float) h1, (float) h2}, out.output().toFloatArray(), 1e-6f);
        assertEquals(h2, out.hidden().item(), 1e-6);
        assertNull(out.cell());
    }

    @Test
    void lstmStepByHand() {
        var lstm = new LSTM(1, 1);
        set(lstm.parameter("weight_ih_l0"), 1, 2, 3, 4);       // i, f, g, o
        set(lstm.parameter("weight_hh_l0"), 0, 0, 0, 0);
        set(lstm.parameter("bias_ih_l0"), 0, 0, 0, 0);
        set(lstm.parameter("bias_hh_l0"), 0, 0, 0, 0);
        var out = lstm.forward(tensor(new float[]{0.5f}, 1, 1, 1), null, tensor(new float[]{2}, 1, 1, 1));
        double c = sigmoid(1.0) * 2 + sigmoid(0.5) * Math.tanh(1.5);
        double h = sigmoid(2.0) * Math.tanh(c);
        assertEquals(c, out.cell().item(), 1e-6);
        assertEquals(h, out.hidden().item(), 1e-6);
    }

    @Test
    void gruStepByHand() {
        var gru = new GRU(1, 1);
        set(gru.parameter("weight_ih_l0"), 1, 2, 3);          // r, z, n
        set(gru.parameter("weight_hh_l0"), 0.5f, 0.5f, 0.5f);
        set(gru.parameter("bias_ih_l0"), 0, 0, 0);
        set(gru.parameter("bias_hh_l0"), 0, 0, 0.25f);
        double x = 0.5;
        double h0 = -1;
        var out = gru.forward(tensor(new float[]{(float) x}, 1, 1, 1), tensor(new float[]{(float) h0}, 1, 1, 1));
        double r = sigmoid(x + 0.5 * h0);
        double z = sigmoid(2 * x + 0.5 * h0);
        double n = Math.tanh(3 * x + r * (0.5 * h0 + 0.25));
        assertEquals((1 - z) * n + z * h0, out.hidden().item(), 1e-6);
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    @Test
    void shapesLayoutsAndNames() {
        var lstm = new LSTM(10, 20, 2, true);
        var out = lstm.forward(randn(3, 5, 10), null, null);
        assertArrayEquals(new int[]{3, 5, 20}, out.output().shape());
        assertArrayEquals(new int[]{2, 3, 20}, out.hidden().shape());
        assertArrayEquals(new int[]{2, 3, 20}, out.cell().shape());
        assertArrayEquals(new int[]{80, 10}, lstm.parameter("weight_ih_l0").shape());
        assertArrayEquals(new int[]{80, 20}, lstm.parameter("weight_ih_l1").shape());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l1", "weight_hh_l1",
                "bias_ih_l1", "bias_hh_l1"), List.copyOf(lstm.stateDict().keySet()));
        assertEquals("LSTM(10, 20, num_layers=2, batch_first=True)", lstm.toString());
        double bound = 1 / Math.sqrt(20);
        for (Parameter p : lstm.parameters()) {
            assertTrue(p.abs().max().item() <= bound);
        }
        // The last step of the top layer's output is the top layer's final hidden state.
        assertTrue(out.output().select(1, 4).allClose(out.hidden().select(0, 1)));

        var gru = new GRU(4, 6);
        Tensor seqFirst = randn(7, 2, 4);
        var a = gru.forward(seqFirst, null);
        assertArrayEquals(new int[]{7, 2, 6}, a.output().shape());
        var unbatched = gru.forward(seqFirst.select(1, 0), null);
        assertArrayEquals(new int[]{7, 6}, unbatched.output().shape());
        assertTrue(unbatched.output().allClose(a.output().select(1, 0), 1e-5, 1e-6));
        assertArrayEquals(new int[]{7, 2, 6}, new Sequential(gru).forward(seqFirst).shape());

        var e = assertThrows(IllegalArgumentException.class, () -> new RNN(3, 4).forward(randn(5, 2, 2)));
        assertTrue(e.getMessage().contains("input_size is 3"), e.getMessage());
    }

    @Test
    void bidirectionalLayersReadBothWays() {
        var lstm = new LSTM(3, 4, 2, true, true, true);
        var out = lstm.forward(randn(2, 5, 3), null, null);
        assertArrayEquals(new int[]{2, 5, 8}, out.output().shape());
        assertArrayEquals(new int[]{4, 2, 4}, out.hidden().shape());
        assertArrayEquals(new int[]{16, 8}, lstm.parameter("weight_ih_l1_reverse").shape());
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0", "weight_ih_l0_reverse",
                "weight_hh_l0_reverse", "bias_ih_l0_reverse", "bias_hh_l0_reverse"),
                List.copyOf(lstm.stateDict().keySet()).subList(0, 8));
        // The forward half ends at the last step, the backward half at the first.
        assertTrue(out.output().select(1, 4).narrow(1, 0, 4).allClose(out.hidden().select(0, 2)));
        assertTrue(out.output().select(1, 0).narrow(1, 4, 4).allClose(out.hidden().select(0, 3)));
        assertEquals("LSTM(3, 4, num_layers=2, batch_first=True, bidirectional=True)", lstm.toString());
        var rnn = new RNN(2, 3, 1, "tanh", true, false, true);
        GradCheck.check(t -> rnn.forward(t[0], t[1]).output(), randn(3, 1, 2), randn(2, 1, 3));
    }

    @Test
    void recurrentGradients() {
        var rnn = new RNN(2, 3, 2, false);
        GradCheck.check(t -> rnn.forward(t[0], t[1]).output(), randn(3, 2, 2), randn(2, 2, 3));
        var lstm = new LSTM(2, 2, 1, true);
        GradCheck.check(t -> {
            var out = lstm.forward(t[0], t[1], t[2]);
            return out.output().sum().add(out.cell().sum());
        }, randn(2, 3, 2), randn(1, 2, 2), randn(1, 2, 2));
        var gru = new GRU(2, 2);
        GradCheck.check(t -> gru.forward(t[0], t[1]).hidden(), randn(3, 1, 2), randn(1, 1, 2));
        // And the weights learn: gradients reach every parameter.
        lstm.forward(randn(2, 3, 2)).sum().backward();
        for (Parameter p : lstm.parameters()) {
            assertNotNull(p.grad());
        }
    }
}
