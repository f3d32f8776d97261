package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.GradCheck;
import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;
import dev.jtorch.nn.init.Init;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Linear, activations, dropout, embedding, shape layers, containers and initialisation. */
class LayersTest {

    @BeforeEach
    void seed() {
        manualSeed(19);
    }

    @Test
    void linearComputesXWtPlusB() {
        var fc = new Linear(2, 3);
        try (var g = noGrad()) {
            fc.weight.copy_(tensor(new float[][]{{1, 2}, {3, 4}, {5, 6}}));
            fc.bias.copy_(tensor(new float[]{1, 0, -1}));
        }
        Tensor y = fc.forward(tensor(new float[][]{{1, 1}, {2, -1}}));
        assertArrayEquals(new float[]{4, 7, 10, 1, 2, 3}, y.toFloatArray());
        assertArrayEquals(new int[]{4, 5, 3}, fc.forward(randn(4, 5, 2)).shape());
        assertArrayEquals(new int[]{3}, fc.forward(randn(2)).shape());
        GradCheck.check(t -> F.linear(t[0], t[1], t[2]), randn(3, 2), randn(4, 2), randn(4));
    }

    @Test
    void linearInitialisationIsPyTorchs() {
        var fc = new Linear(100, 50);
        double bound = 1 / Math.sqrt(100);
        assertTrue(fc.weight.abs().max().item() <= bound);
        assertTrue(fc.bias.abs().max().item() <= bound);
        // U(-b, b) has standard deviation b/√3.
        assertEquals(bound / Math.sqrt(3), fc.weight.std().item(), bound * 0.05);
        manualSeed(1);
        var again = new Linear(100, 50);
        manualSeed(1);
        assertTrue(again.weight.equal(new Linear(100, 50).weight), "manualSeed repeats the initialisation");
    }

    @Test
    void linearWithWrongInFeaturesSuggestsTheRightNumber() {
        var fc = new Linear(64 * 6 * 6, 128);
        var e = assertThrows(IllegalArgumentException.class, () -> fc.forward(randn(64, 4096)));
        assertTrue(e.getMessage().startsWith("Linear: input has 4096 features (shape [64, 4096]) but in_features is 2304; "),
                e.getMessage());
        assertTrue(e.getMessage().contains("Linear(4096, 128)"), e.getMessage());
    }

    @Test
    void linearAfterAWrongViewPointsAtTheFlattenSize() {
        // What the tutorial's view(-1, 128 * 8 * 8) of [64, 128, 4, 4] would make: a batch of 16.
        Tensor features = randn(16, 128 * 8 * 8);
        var e = assertThrows(IllegalArgumentException.class, () -> new Linear(128 * 4 * 4, 128).forward(features));
        assertTrue(e.getMessage().contains("view(-1, 8192)") && e.getMessage().contains("[64, 2048]"), e.getMessage());
    }

    @Test
    void activations() {
        Tensor x = tensor(new float[]{-2, -0.5f, 0, 1.5f});
        assertArrayEquals(new float[]{0, 0, 0, 1.5f}, new ReLU().forward(x).toFloatArray());
        assertArrayEquals(new float[]{-0.2f, -0.05f, 0, 1.5f}, new LeakyReLU(0.1).forward(x).toFloatArray(), 1e-7f);
        assertArrayEquals(new float[]{(float) Math.tanh(-2), (float) Math.tanh(-0.5), 0, (float) Math.tanh(1.5)},
                new Tanh().forward(x).toFloatArray(), 1e-6f);
        assertEquals(1 / (1 + Math.exp(2)), new Sigmoid().forward(x).get(0), 1e-6);
        Tensor s = new Softmax(1).forward(randn(3, 4));
        assertTrue(s.sum(1).allClose(ones(3)));
        assertTrue(new LogSoftmax(0).forward(x).exp().sum().allClose(scalar(1)));
        assertEquals("LeakyReLU(negative_slope=0.1)", new LeakyReLU(0.1).toString());
        assertEquals("Softmax(dim=1)", new Softmax(1).toString());
        GradCheck.check(t -> F.leakyRelu(t[0], 0.2), tensor(new float[]{-1, 0.5f, 2, -0.3f}));
    }

    @Test
    void geluIsExactAndHasGradients() {
        // x·Φ(x) with Φ from the error function; reference values of erf from the C library.
        double[] erf = {0.3286267594591274, 0.9837904585907745, 0.9999999999984626, -0.9981371537020182};
        double[] at = {0.3, 1.7, 5.0, -2.2};
        for (int i = 0; i < at.length; i++) {
            double x = at[i] * Math.sqrt(2);
            double expected = x * 0.5 * (1 + erf[i]);
            assertEquals(expected, new GELU().forward(tensor(new float[]{(float) x})).item(), 1e-5, "at " + x);
        }
        Tensor x = randn(6);
        assertTrue(new GELU("tanh").forward(x).allClose(new GELU().forward(x), 1e-3, 1e-3), "the approximation is close");
        GradCheck.check(t -> F.gelu(t[0]), randn(6));
        GradCheck.check(t -> dev.jtorch.Autograd.grad(F.gelu(t[0]).sum(), t[0], true)[0], randn(5));
        GradCheck.check(t -> F.geluTanh(t[0]), randn(4));
    }

    @Test
    void dropoutInTrainingAndEvaluation() {
        var drop = new Dropout(0.25);
        Tensor y = drop.forward(ones(10000));
        float[] v = y.toFloatArray();
        int zeros = 0;
        for (float f : v) {
            assertTrue(f == 0 || Math.abs(f - 1 / 0.75f) < 1e-6, "kept values are scaled by 1/(1-p)");
            zeros += f == 0 ? 1 : 0;
        }
        assertEquals(2500, zeros, 200);
        drop.eval();
        assertTrue(drop.forward(ones(5)).equal(ones(5)));
        assertThrows(IllegalArgumentException.class, () -> new Dropout(1.5));
        Tensor x = randn(8).requiresGrad_(true);
        drop.train();
        Tensor out = drop.forward(x);
        out.sum().backward();
        assertTrue(x.grad().allClose(out.detach().div(x.detach())), "the gradient is the mask");
    }

    @Test
    void embeddingLooksUpRows() {
        var emb = new Embedding(5, 3, 0);
        Tensor ids = tensor(new long[][]{{1, 0}, {4, 1}});
        Tensor y = emb.forward(ids);
        assertArrayEquals(new int[]{2, 2, 3}, y.shape());
        assertTrue(y.select(0, 1).select(0, 0).equal(emb.weight.select(0, 4)));
        assertArrayEquals(new float[]{0, 0, 0}, emb.weight.select(0, 0).toFloatArray(), "the padding row starts at zero");
        y.sum().backward();
        assertArrayEquals(new float[]{0, 0, 0}, emb.weight.grad().select(0, 0).toFloatArray(), "and gets no gradient");
        assertArrayEquals(new float[]{2, 2, 2}, emb.weight.grad().select(0, 1).toFloatArray(), "id 1 was used twice");
        GradCheck.check(t -> F.embedding(tensor(new long[]{2, 0, 2}), t[0], -1), randn(3, 2));
        var e = assertThrows(IllegalArgumentException.class, () -> emb.forward(tensor(new long[]{7})));
        assertTrue(e.getMessage().contains("index 7 is out of range"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> emb.forward(tensor(new float[]{1})));
        assertEquals("Embedding(5, 3, padding_idx=0)", emb.toString());
    }

    @Test
    void pretrainedEmbeddingsAndFrozenModules() {
        Tensor table = randn(4, 2);
        var emb = Embedding.fromPretrained(table, true);
        assertTrue(emb.forward(tensor(new long[]{3})).select(0, 0).equal(table.select(0, 3)));
        assertFalse(emb.weight.requiresGrad());
        var net = new Sequential(new Linear(2, 3), new Linear(3, 1));
        net.get(0).requiresGrad_(false);
        net.forward(randn(4, 2)).sum().backward();
        assertNull(((Linear) net.get(0)).weight.grad());
        assertNotNull(((Linear) net.get(1)).weight.grad());
    }

    @Test
    void samePaddingKeepsTheSize() {
        assertArrayEquals(new int[]{1, 4, 9, 7}, new Conv2d(2, 4, 5, "same").forward(randn(1, 2, 9, 7)).shape());
        assertArrayEquals(new int[]{1, 4, 5, 3}, new Conv2d(2, 4, 5, "valid").forward(randn(1, 2, 9, 7)).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> new Conv2d(2, 4, 4, "same"));
        assertTrue(e.getMessage().contains("odd kernel"), e.getMessage());
    }

    @Test
    void flattenAndIdentity() {
        assertArrayEquals(new int[]{4, 60}, new Flatten().forward(randn(4, 3, 4, 5)).shape());
        assertArrayEquals(new int[]{4, 12, 5}, new Flatten(1, 2).forward(randn(4, 3, 4, 5)).shape());
        Tensor x = randn(3);
        assertSame(x, new Identity().forward(x));
    }

    @Test
    void containers() {
        var seq = new Sequential(new Linear(3, 4), new ReLU()).add(new Linear(4, 2));
        assertEquals(3, seq.size());
        assertInstanceOf(Linear.class, seq.get(-1));
        Tensor x = randn(5, 3);
        Tensor manual = seq.get(2).forward(seq.get(1).forward(seq.get(0).forward(x)));
        assertTrue(seq.forward(x).allClose(manual));
        assertEquals(List.of("0.weight", "0.bias", "2.weight", "2.bias"), List.copyOf(seq.stateDict().keySet()));

        var named = new LinkedHashMap<String, Module>();
        named.put("hidden", new Linear(3, 4));
        named.put("act", new ReLU());
        var byName = new Sequential(named);
        assertEquals(List.of("hidden.weight", "hidden.bias"), List.copyOf(byName.stateDict().keySet()));
        assertArrayEquals(new int[]{5, 4}, byName.forward(x).shape());

        var heads = new ModuleList(new Linear(10, 1), new Linear(10, 1));
        int n = 0;
        for (Module head : heads) {
            assertArrayEquals(new int[]{2, 1}, head.forward(randn(2, 10)).shape());
            n++;
        }
        assertEquals(2, n);
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias"), List.copyOf(heads.stateDict().keySet()));
        assertThrows(IndexOutOfBoundsException.class, () -> heads.get(2));

        var dict = new ModuleDict().put("age", new Linear(4, 1)).put("gender", new Linear(4, 2));
        assertEquals(List.of("age", "gender"), List.copyOf(dict.keys()));
        assertEquals("age.weight", dict.stateDict().keySet().iterator().next());
        var e = assertThrows(IllegalArgumentException.class, () -> dict.get("height"));
        assertTrue(e.getMessage().contains("[age, gender]"), e.getMessage());
        assertEquals(1, new ModuleDict(Map.of("only", new ReLU())).size());
    }

    @Test
    void initialisers() {
        Tensor w = zeros(200, 300);
        Init.xavierUniform_(w);
        double a = Math.sqrt(6.0 / 500);
        assertTrue(w.abs().max().item() <= a && w.abs().max().item() > 0.9 * a);
        Init.kaimingNormal_(w, 0, "fan_in", "relu");
        assertEquals(Math.sqrt(2.0 / 300), w.std().item(), 0.003);
        Init.kaimingUniform_(w, 0, "fan_out", "relu");
        assertTrue(w.abs().max().item() <= Math.sqrt(6.0 / 200));
        Init.xavierNormal_(w, 2);
        assertEquals(2 * Math.sqrt(2.0 / 500), w.std().item(), 0.003);
        Init.normal_(w, 3, 0.5);
        assertEquals(3, w.mean().item(), 0.01);
        Init.constant_(w, 0.25);
        assertEquals(0.25f, w.max().item());
        assertEquals(0f, Init.zeros_(w).abs().max().item());
        assertEquals(1f, Init.ones_(w).min().item());
        Tensor conv = zeros(16, 3, 5, 5);
        assertArrayEquals(new int[]{75, 400}, Init.fanInAndFanOut(conv));
        assertEquals(Math.sqrt(2), Init.calculateGain("relu"), 1e-12);
        assertEquals(5.0 / 3, Init.calculateGain("tanh"), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> Init.xavierUniform_(zeros(5)));
        // On a parameter: in place, no graph, still a trainable leaf.
        var fc = new Linear(4, 4);
        Init.xavierUniform_(fc.weight);
        assertTrue(fc.weight.isLeaf() && fc.weight.requiresGrad());
        manualSeed(4);
        Tensor first = Init.uniform_(zeros(10), -1, 1).clone();
        manualSeed(4);
        assertTrue(first.equal(Init.uniform_(zeros(10), -1, 1)));
    }
}
