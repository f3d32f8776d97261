package dev.jtorch.optim;

import dev.jtorch.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each optimizer takes two steps on a small tensor with given gradients; the expected
 * parameters are worked out here from PyTorch's update formulas, in double.
 */
class OptimizerTest {
    static final double[] P0 = {1.0, -2.0, 3.0, 0.5};
    static final double[] G1 = {0.5, -1.0, 2.0, -0.25};
    static final double[] G2 = {-0.3, 0.8, 1.5, 0.1};

    static Tensor param() {
        return tensor(P0).requiresGrad_(true);
    }

    /** Sets the gradient {@code g} and takes a step. */
    static void stepWith(Optimizer opt, Tensor p, double[] g) {
        p.setGrad(tensor(g));
        opt.step();
    }

    static void assertValues(double[] expected, Tensor actual) {
        float[] got = actual.toFloatArray();
        assertEquals(expected.length, got.length);
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-6 * Math.max(1, Math.abs(expected[i]));
            assertEquals(expected[i], got[i], tol, "element " + i + " of " + actual);
        }
    }

    @Test
    void plainSgdSubtractsLrTimesGradient() {
        Tensor p = param();
        SGD opt = new SGD(List.of(p), 0.1);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) {
            want[i] = P0[i] - 0.1 * G1[i] - 0.1 * G2[i];
        }
        assertValues(want, p);
    }

    @Test
    void sgdWithMomentumDampeningAndWeightDecay() {
        double lr = 0.05, mu = 0.9, damp = 0.2, wd = 0.01;
        Tensor p = param();
        SGD opt = new SGD(List.of(p), lr, mu, damp, wd, false);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) {
            double x = P0[i];
            double d1 = G1[i] + wd * x;
            double b = d1;                         // first step: buffer = d
            x -= lr * b;
            double d2 = G2[i] + wd * x;
            b = mu * b + (1 - damp) * d2;
            x -= lr * b;
            want[i] = x;
        }
        assertValues(want, p);
        assertNotNull(opt.state(p).buffer("momentum_buffer"));
    }

    @Test
    void sgdWithNesterovMomentum() {
        double lr = 0.1, mu = 0.8;
        Tensor p = param();
        SGD opt = new SGD(List.of(p), lr, mu, 0, 0, true);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) {
            double x = P0[i];
            double b = G1[i];
            x -= lr * (G1[i] + mu * b);
            b = mu * b + G2[i];
            x -= lr * (G2[i] + mu * b);
            want[i] = x;
        }
        assertValues(want, p);
    }

    /** Adam or AdamW by the formulas, two steps, in double. */
    static double[] adamByHand(double lr, double b1, double b2, double eps, double wd, boolean amsgrad, boolean decoupled) {
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) {
            double x = P0[i], m = 0, v = 0, vmax = 0;
            double[][] grads = {G1, G2};
            for (int t = 1; t <= 2; t++) {
                double g = grads[t - 1][i];
                if (decoupled) {
                    x *= 1 - lr * wd;
                } else {
                    g += wd * x;
                }
                m = b1 * m + (1 - b1) * g;
                v = b2 * v + (1 - b2) * g * g;
                vmax = Math.max(vmax, v);
                double vUsed = amsgrad ? vmax : v;
                double mHat = m / (1 - Math.pow(b1, t));
                double denom = Math.sqrt(vUsed) / Math.sqrt(1 - Math.pow(b2, t)) + eps;
                x -= lr * mHat / denom;
            }
            want[i] = x;
        }
        return want;
    }

    @Test
    void adamWithDefaults() {
        Tensor p = param();
        Adam opt = new Adam(List.of(p), 0.01);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        assertValues(adamByHand(0.01, 0.9, 0.999, 1e-8, 0, false, false), p);
        assertEquals(2, opt.state(p).step());
    }

    @Test
    void adamWithWeightDecayAndAmsgrad() {
        Tensor p = param();
        Adam opt = new Adam(List.of(p), 0.02, 0.8, 0.9, 1e-3, 0.1, true);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        assertValues(adamByHand(0.02, 0.8, 0.9, 1e-3, 0.1, true, false), p);
    }

    @Test
    void adamWDecaysTheParameterNotTheGradient() {
        Tensor p = param();
        AdamW opt = new AdamW(List.of(p), 0.05, 0.9, 0.99, 1e-6, 0.5, false);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        assertValues(adamByHand(0.05, 0.9, 0.99, 1e-6, 0.5, false, true), p);
        assertEquals(0.01, new AdamW(List.of(param())).paramGroups().get(0).get("weight_decay"));
    }

    @Test
    void rmspropPlain() {
        double lr = 0.01, alpha = 0.99, eps = 1e-8;
        Tensor p = param();
        RMSprop opt = new RMSprop(List.of(p), lr);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) {
            double x = P0[i], s = 0;
            for (double g : new double[]{G1[i], G2[i]}) {
                s = alpha * s + (1 - alpha) * g * g;
                x -= lr * g / (Math.sqrt(s) + eps);
            }
            want[i] = x;
        }
        assertValues(want, p);
    }

    @Test
    void rmspropCenteredWithMomentumAndWeightDecay() {
        double lr = 0.01, alpha = 0.9, eps = 1e-4, wd = 0.1, mu = 0.5;
        Tensor p = param();
        RMSprop opt = new RMSprop(List.of(p), lr, alpha, eps, wd, mu, true);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) {
            double x = P0[i], s = 0, ga = 0, b = 0;
            for (double g0 : new double[]{G1[i], G2[i]}) {
                double g = g0 + wd * x;
                s = alpha * s + (1 - alpha) * g * g;
                ga = alpha * ga + (1 - alpha) * g;
                double avg = Math.sqrt(s - ga * ga) + eps;
                b = mu * b + g / avg;
                x -= lr * b;
            }
            want[i] = x;
        }
        assertValues(want, p);
    }

    @Test
    void adagradWithDecayWeightDecayAndInitialAccumulator() {
        double lr = 0.1, lrDecay = 0.5, wd = 0.05, init = 0.2, eps = 1e-10;
        Tensor p = param();
        Adagrad opt = new Adagrad(List.of(p), lr, lrDecay, wd, init, eps);
        stepWith(opt, p, G1);
        stepWith(opt, p, G2);
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) {
            double x = P0[i], sum = init;
            double[] grads = {G1[i], G2[i]};
            for (int t = 1; t <= 2; t++) {
                double g = grads[t - 1] + wd * x;
                double clr = lr / (1 + (t - 1) * lrDecay);
                sum += g * g;
                x -= clr * g / (Math.sqrt(sum) + eps);
            }
            want[i] = x;
        }
        assertValues(want, p);
    }

    @Test
    void parametersWithoutGradientAreLeftAlone() {
        Tensor p = param();
        Tensor q = tensor(new double[]{7, 8}).requiresGrad_(true);
        SGD opt = new SGD(List.of(p, q), 0.1, 0.9);
        stepWith(opt, p, G1);
        assertArrayEquals(new float[]{7, 8}, q.toFloatArray());
        assertNull(opt.state(q));
    }

    @Test
    void zeroGradSetsGradientsToNoneOrZero() {
        Tensor p = param();
        SGD opt = new SGD(List.of(p), 0.1);
        p.setGrad(tensor(G1));
        opt.zeroGrad(false);
        assertArrayEquals(new float[4], p.grad().toFloatArray());
        opt.zeroGrad();
        assertNull(p.grad());
    }

    @Test
    void gradientsFromBackwardDriveTheUpdateAndTheStepIsInPlace() {
        Tensor p = param();
        Tensor before = p;
        SGD opt = new SGD(List.of(p), 0.25);
        p.mul(p).sum().backward();                  // grad = 2p
        opt.step();
        double[] want = new double[4];
        for (int i = 0; i < 4; i++) {
            want[i] = P0[i] - 0.25 * 2 * P0[i];
        }
        assertValues(want, p);
        assertTrue(before == p && p.isLeaf() && p.requiresGrad());
    }

    @Test
    void aNonContiguousParameterAndGradientAreUpdatedLikeContiguousOnes() {
        Tensor base = tensor(new float[][]{{1, 2, 3}, {4, 5, 6}});
        Tensor view = base.t().requiresGrad_(true);          // [3, 2], strided
        Tensor dense = view.detach().clone().requiresGrad_(true);
        Tensor g = tensor(new float[][]{{0.5f, -1, 2}, {1, 0, -3}}).t();
        Adam a = new Adam(List.of(view), 0.1);
        Adam b = new Adam(List.of(dense), 0.1);
        for (int i = 0; i < 2; i++) {
            view.setGrad(g);
            dense.setGrad(g.contiguous());
            a.step();
            b.step();
        }
        assertArrayEquals(dense.toFloatArray(), view.toFloatArray());
        assertArrayEquals(base.t().toFloatArray(), view.toFloatArray());   // written through to the storage
    }

    @Test
    void aTensorSubclassSharingStorageIsUpdatedInPlace() {
        Tensor data = tensor(P0);
        Tensor parameter = new Tensor(data) { }.requiresGrad_(true);   // as nn.Parameter wraps its data
        SGD opt = new SGD(List.of(parameter), 0.1);
        stepWith(opt, parameter, G1);
        for (int i = 0; i < 4; i++) {
            assertEquals(P0[i] - 0.1 * G1[i], data.get(i), 1e-6);
        }
    }

    @Test
    void paramGroupsHaveTheirOwnLearningRates() {
        Tensor a = param();
        Tensor b = param();
        SGD opt = new SGD(List.of(a), 0.1);
        opt.addParamGroup(new ParamGroup(List.of(b)).set("lr", 0.01));
        assertEquals(0.0, opt.paramGroups().get(1).get("momentum"));
        stepWith(opt, a, G1);
        b.setGrad(tensor(G1));
        opt.step();
        assertEquals(P0[0] - 0.1 * G1[0] - 0.1 * G1[0], a.get(0), 1e-6);   // a stepped twice
        assertEquals(P0[0] - 0.01 * G1[0], b.get(0), 1e-6);
    }

    @Test
    void stateDictRestoresTheRunExactly() {
        Tensor p = param();
        Adam opt = new Adam(List.of(p), 0.001, 0.9, 0.999, 1e-8, 0.01, true);
        stepWith(opt, p, G1);
        Map<String, Tensor> saved = opt.stateDict();
        assertEquals(List.of("state.0.step", "state.0.exp_avg", "state.0.exp_avg_sq", "state.0.max_exp_avg_sq"),
                saved.keySet().stream().filter(k -> k.startsWith("state.")).toList());

        Tensor q = p.detach().clone().requiresGrad_(true);
        Adam resumed = new Adam(List.of(q), 0.5);   // different lr: loading restores 0.001
        resumed.loadStateDict(saved);
        assertEquals(0.001, resumed.paramGroups().get(0).lr());
        assertTrue(resumed.paramGroups().get(0).flag("amsgrad"));

        stepWith(opt, p, G2);
        stepWith(resumed, q, G2);
        assertArrayEquals(p.toFloatArray(), q.toFloatArray());
        assertEquals(2, resumed.state(q).step());
    }

    @Test
    void loadingAStateDictOfAnotherShapeFailsAndNamesTheKey() {
        Tensor p = param();
        SGD opt = new SGD(List.of(p), 0.1, 0.9);
        stepWith(opt, p, G1);
        SGD other = new SGD(List.of(tensor(new double[]{1, 2}).requiresGrad_(true)), 0.1, 0.9);
        var e = assertThrows(IllegalArgumentException.class, () -> other.loadStateDict(opt.stateDict()));
        assertTrue(e.getMessage().contains("state.0.momentum_buffer"), e.getMessage());
    }

    @Test
    void badOptionsAreRefusedWithTheirName() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param()), -1));
        assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(param()), 0.1, 1.0, 0.9, 1e-8, 0, false));
        assertTrue(e.getMessage().contains("beta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1));
        assertTrue(e.getMessage().contains("empty parameter list"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(param(), tensor(new long[]{1})), 0.1));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
        Tensor p = param();
        SGD opt = new SGD(List.of(p), 0.1);
        e = assertThrows(IllegalArgumentException.class, () -> opt.addParamGroup(new ParamGroup(List.of(p))));
        assertTrue(e.getMessage().contains("more than one parameter group"), e.getMessage());
    }

    @Test
    void everyOptimizerMinimisesAQuadratic() {
        double[] target = {3, -1, 0.5, 2};
        for (String name : List.of("SGD", "SGD-momentum", "Adam", "AdamW", "RMSprop", "Adagrad")) {
            Tensor x = tensor(new double[]{0, 0, 0, 0}).requiresGrad_(true);
            Optimizer opt = switch (name) {
                case "SGD" -> new SGD(List.of(x), 0.1);
                case "SGD-momentum" -> new SGD(List.of(x), 0.05, 0.9);
                case "Adam" -> new Adam(List.of(x), 0.1);
                case "AdamW" -> new AdamW(List.of(x), 0.1, 0.0);
                case "RMSprop" -> new RMSprop(List.of(x), 0.01);
                default -> new Adagrad(List.of(x), 0.5);
            };
            Tensor c = tensor(target);
            for (int i = 0; i < 500; i++) {
                opt.zeroGrad();
                x.sub(c).square().sum().backward();
                opt.step();
            }
            float[] got = x.toFloatArray();
            for (int i = 0; i < 4; i++) {
                assertEquals(target[i], got[i], 0.02, name + " element " + i);
            }
        }
    }
}
