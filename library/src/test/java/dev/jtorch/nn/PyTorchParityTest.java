package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.nn.functional.F;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The layers and losses give PyTorch's numbers: the same inputs go through JTorch and
 * through PyTorch (Debian's python3 with torch), and the outputs and the gradients of every
 * float input are compared. Skipped where that python has no torch.
 */
class PyTorchParityTest {
    private static final String PYTHON = "/usr/bin/python3";

    /**
     * For each case (a file of named tensors and a snippet that sets {@code out}): reads the
     * tensors, runs the snippet, backpropagates {@code c_gw}, prints the output and gradients.
     */
    private static final String DRIVER = """
            import sys, torch
            import torch.nn.functional as F
            def run(data, code):
              T = {}
              for line in open(data):
                name, dtype, shape, values = line.rstrip("\\n").split("|")
                shape = [int(s) for s in shape.split(",")] if shape else []
                if dtype == "long":
                    t = torch.tensor([int(v) for v in values.split(",")] if values else [], dtype=torch.int64).reshape(shape)
                else:
                    t = torch.tensor([float(v) for v in values.split(",")] if values else [], dtype=torch.float32).reshape(shape)
                    t.requires_grad_(not name.startswith("c_"))
                T[name] = t
              scope = {"T": T, "torch": torch, "F": F}
              exec(open(code).read(), scope)
              out = scope["out"]
              out.backward(T["c_gw"])
              def show(name, t):
                t = t.detach().reshape(-1)
                print(name + "|" + ",".join(repr(float(v)) for v in t.tolist()))
              show("out", out)
              for name, t in T.items():
                if t.dtype == torch.float32 and t.requires_grad and t.grad is not None:
                  show("grad." + name, t.grad)
            for i in range(1, len(sys.argv), 2):
              print("=== case")
              run(sys.argv[i], sys.argv[i + 1])
            """;

    private static boolean available;

    @BeforeAll
    static void findTorch() throws Exception {
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            available = p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            available = false;
        }
    }

    @BeforeEach
    void seed() {
        assumeTrue(available, "PyTorch parity checks need " + PYTHON + " with torch (Debian: python3-torch)");
        manualSeed(31);
    }

    /** One comparison: the snippet for PyTorch, the values sent, and JTorch's output and leaves (with their gradients). */
    private record Case(String name, String python, Map<String, Tensor> sent, Tensor out, Map<String, Tensor> leaves) {
    }

    private final List<Case> cases = new ArrayList<>();

    /** Runs {@code java} on leaves made from {@code inputs} now; PyTorch runs {@code python} on the same values in {@link #compareWithPyTorch}. */
    private void parity(String name, String python, Map<String, Tensor> inputs, Function<Map<String, Tensor>, Tensor> java) {
        Map<String, Tensor> leaves = new LinkedHashMap<>();
        inputs.forEach((key, t) -> {
            Tensor leaf = t.detach().clone();
            if (leaf.dtype() == DType.FLOAT32 && !key.startsWith("c_")) {
                leaf.requiresGrad_(true);
            }
            leaves.put(key, leaf);
        });
        Tensor out = java.apply(leaves);
        Tensor gw = randn(out.shape());
        out.backward(gw);
        Map<String, Tensor> sent = new LinkedHashMap<>(inputs);
        sent.put("c_gw", gw);
        cases.add(new Case(name, python, sent, out.detach(), leaves));
    }

    /** One python run for every case (starting torch is the slow part), then the comparisons. */
    private void compareWithPyTorch() throws Exception {
        Path dir = Files.createTempDirectory("jtorch-parity");
        List<String> command = new ArrayList<>(List.of(PYTHON, dir.resolve("driver.py").toString()));
        Files.writeString(dir.resolve("driver.py"), DRIVER);
        for (int c = 0; c < cases.size(); c++) {
            StringBuilder sb = new StringBuilder();
            cases.get(c).sent().forEach((name, t) -> sb.append(name).append('|')
                    .append(t.dtype() == DType.INT64 ? "long" : "float").append('|')
                    .append(Arrays.stream(t.shape()).mapToObj(Integer::toString).collect(Collectors.joining(","))).append('|')
                    .append(t.dtype() == DType.INT64
                            ? Arrays.stream(t.toLongArray()).mapToObj(Long::toString).collect(Collectors.joining(","))
                            : floats(t)).append('\n'));
            Path data = dir.resolve("inputs" + c + ".txt");
            Path code = dir.resolve("case" + c + ".py");
            Files.writeString(data, sb.toString());
            Files.writeString(code, cases.get(c).python());
            command.add(data.toString());
            command.add(code.toString());
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "python timed out");
        assertEquals(0, p.exitValue(), output);

        String[] perCase = output.split("=== case\n", -1);
        assertEquals(cases.size() + 1, perCase.length, output);
        for (int c = 0; c < cases.size(); c++) {
            Case k = cases.get(c);
            Map<String, float[]> reference = parse(perCase[c + 1]);
            assertClose(k.name() + ": output", reference.get("out"), k.out().toFloatArray());
            for (var e : k.leaves().entrySet()) {
                if (e.getValue().requiresGrad()) {
                    float[] expected = reference.get("grad." + e.getKey());
                    assertNotNull(expected, k.name() + ": PyTorch gives a gradient for " + e.getKey());
                    assertNotNull(e.getValue().grad(), k.name() + ": JTorch gives a gradient for " + e.getKey());
                    assertClose(k.name() + ": gradient of " + e.getKey(), expected, e.getValue().grad().toFloatArray());
                }
            }
        }
    }

    private static Map<String, float[]> parse(String lines) {
        Map<String, float[]> reference = new LinkedHashMap<>();
        for (String line : lines.split("\n")) {
            int bar = line.indexOf('|');
            if (bar > 0) {
                String[] values = line.substring(bar + 1).split(",");
                float[] v = new float[line.length() == bar + 1 ? 0 : values.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Float.parseFloat(values[i]);
                }
                reference.put(line.substring(0, bar), v);
            }
        }
        return reference;
    }

    private static String floats(Tensor t) {
        float[] v = t.toFloatArray();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ",").append(v[i]);
        }
        return sb.toString();
    }

    private static void assertClose(String what, float[] expected, float[] actual) {
        assertNotNull(expected, what + " missing from PyTorch's output");
        assertEquals(expected.length, actual.length, what + ": element count");
        for (int i = 0; i < expected.length; i++) {
            double tol = 2e-4 + 2e-4 * Math.abs(expected[i]);
            if (!(Math.abs(expected[i] - actual[i]) <= tol) && !(Float.isNaN(expected[i]) && Float.isNaN(actual[i]))) {
                fail(what + " differs at " + i + ": PyTorch " + expected[i] + ", JTorch " + actual[i]);
            }
        }
    }

    private static Map<String, Tensor> named(Object... nameThenTensor) {
        Map<String, Tensor> m = new LinkedHashMap<>();
        for (int i = 0; i < nameThenTensor.length; i += 2) {
            m.put((String) nameThenTensor[i], (Tensor) nameThenTensor[i + 1]);
        }
        return m;
    }

    // ---------------------------------------------------------------- cases

    @Test
    void layersAndLossesGivePyTorchsNumbers() throws Exception {
        convolutions();
        pooling();
        normalisation();
        activationsAndEmbedding();
        losses();
        recurrentNets();
        compareWithPyTorch();
    }

    private void convolutions() {
        parity("conv2d", "out = F.conv2d(T['x'], T['w'], T['b'], stride=(2, 1), padding=(1, 2), dilation=(2, 1), groups=2)",
                named("x", randn(2, 4, 7, 6), "w", randn(6, 2, 3, 2), "b", randn(6)),
                t -> F.conv2d(t.get("x"), t.get("w"), t.get("b"), new int[]{2, 1}, new int[]{1, 2}, new int[]{2, 1}, 2));
        parity("convTranspose2d", "out = F.conv_transpose2d(T['x'], T['w'], T['b'], stride=2, padding=1, output_padding=1, groups=1, dilation=1)",
                named("x", randn(2, 3, 4, 5), "w", randn(3, 2, 3, 3), "b", randn(2)),
                t -> F.convTranspose2d(t.get("x"), t.get("w"), t.get("b"), new int[]{2}, new int[]{1}, new int[]{1}, 1,
                        new int[]{1}));
        parity("conv1d", "out = F.conv1d(T['x'], T['w'], T['b'], stride=2, padding=1, dilation=2)",
                named("x", randn(2, 3, 11), "w", randn(4, 3, 3), "b", randn(4)),
                t -> F.conv1d(t.get("x"), t.get("w"), t.get("b"), 2, 1, 2, 1));
    }

    private void pooling() {
        parity("maxPool2d", "out = F.max_pool2d(T['x'], 3, stride=2, padding=1, ceil_mode=True)",
                named("x", randn(2, 3, 7, 8)),
                t -> F.maxPool2d(t.get("x"), new int[]{3}, new int[]{2}, new int[]{1}, new int[]{1}, true));
        parity("avgPool2d without padding in the mean", "out = F.avg_pool2d(T['x'], (3, 2), stride=2, padding=1, ceil_mode=True, count_include_pad=False)",
                named("x", randn(2, 3, 7, 8)),
                t -> F.avgPool2d(t.get("x"), new int[]{3, 2}, new int[]{2}, new int[]{1}, true, false));
        parity("avgPool2d", "out = F.avg_pool2d(T['x'], 3, stride=2, padding=1)",
                named("x", randn(1, 2, 6, 5)),
                t -> F.avgPool2d(t.get("x"), new int[]{3}, new int[]{2}, new int[]{1}, false, true));
        parity("adaptiveAvgPool2d", "out = F.adaptive_avg_pool2d(T['x'], (3, 4))",
                named("x", randn(2, 2, 5, 7)),
                t -> F.adaptiveAvgPool2d(t.get("x"), 3, 4));
    }

    private void normalisation() {
        parity("batchNorm training", """
                rm, rv = T['c_rm'].clone(), T['c_rv'].clone()
                out = F.batch_norm(T['x'], rm, rv, T['w'], T['b'], training=True, momentum=0.1, eps=1e-5)
                out = torch.cat([out.reshape(-1), rm, rv])
                """,
                named("x", randn(4, 3, 2, 2), "w", randn(3), "b", randn(3), "c_rm", randn(3), "c_rv", rand(3).add(0.5)),
                t -> {
                    Tensor rm = t.get("c_rm").clone();
                    Tensor rv = t.get("c_rv").clone();
                    Tensor y = F.batchNorm(t.get("x"), rm, rv, t.get("w"), t.get("b"), true, 0.1, 1e-5);
                    return cat(y.reshape(-1), rm, rv);
                });
        parity("batchNorm eval", "out = F.batch_norm(T['x'], T['c_rm'], T['c_rv'], T['w'], T['b'], training=False, eps=1e-5)",
                named("x", randn(5, 3), "w", randn(3), "b", randn(3), "c_rm", randn(3), "c_rv", rand(3).add(0.5)),
                t -> F.batchNorm(t.get("x"), t.get("c_rm"), t.get("c_rv"), t.get("w"), t.get("b"), false, 0.1, 1e-5));
        parity("layerNorm", "out = F.layer_norm(T['x'], (3, 4), T['w'], T['b'], eps=1e-5)",
                named("x", randn(2, 3, 4), "w", randn(3, 4), "b", randn(3, 4)),
                t -> F.layerNorm(t.get("x"), new int[]{3, 4}, t.get("w"), t.get("b"), 1e-5));
    }

    private void activationsAndEmbedding() {
        parity("gelu and leakyRelu", "out = torch.cat([F.gelu(T['x']), F.gelu(T['x'], approximate='tanh'), F.leaky_relu(T['x'], 0.2)])",
                named("x", randn(7).mul(2)),
                t -> cat(F.gelu(t.get("x")), F.geluTanh(t.get("x")), F.leakyRelu(t.get("x"), 0.2)));
        parity("embedding", "out = F.embedding(T['ids'], T['w'], padding_idx=1)",
                named("ids", tensor(new long[][]{{1, 3}, {0, 3}}), "w", randn(4, 3)),
                t -> F.embedding(t.get("ids"), t.get("w"), 1));
    }

    private void losses() {
        Tensor labels = tensor(new long[]{2, 0, -100, 1, 2});
        parity("crossEntropy with weights, ignored targets and smoothing", "out = F.cross_entropy(T['x'], T['y'], weight=T['c_w'], ignore_index=-100, label_smoothing=0.15)",
                named("x", randn(5, 3).mul(3), "y", labels, "c_w", rand(3).add(0.5)),
                t -> F.crossEntropy(t.get("x"), t.get("y"), t.get("c_w"), -100, Reduction.MEAN, 0.15));
        parity("crossEntropy over pixels", "out = F.cross_entropy(T['x'], T['y'], reduction='none', label_smoothing=0.1)",
                named("x", randn(2, 4, 3, 2), "y", randint(0, 4, 2, 3, 2)),
                t -> F.crossEntropy(t.get("x"), t.get("y"), null, -100, Reduction.NONE, 0.1));
        parity("crossEntropy with probabilities", "out = F.cross_entropy(T['x'], T['c_p'], weight=T['c_w'], label_smoothing=0.2)",
                named("x", randn(3, 4), "c_p", rand(3, 4).softmax(1), "c_w", rand(4).add(0.5)),
                t -> F.crossEntropy(t.get("x"), t.get("c_p"), t.get("c_w"), -100, Reduction.MEAN, 0.2));
        parity("nllLoss", "out = F.nll_loss(F.log_softmax(T['x'], 1), T['y'], weight=T['c_w'], reduction='sum')",
                named("x", randn(4, 3), "y", tensor(new long[]{0, 2, 2, 1}), "c_w", rand(3)),
                t -> F.nllLoss(t.get("x").logSoftmax(1), t.get("y"), t.get("c_w"), -100, Reduction.SUM));
        parity("binary and regression losses", "out = torch.stack([F.binary_cross_entropy(T['p'], T['c_t']), "
                        + "F.binary_cross_entropy_with_logits(T['x'], T['c_t'], weight=T['c_w'], pos_weight=T['c_pw']), "
                        + "F.smooth_l1_loss(T['x'], T['c_t'], beta=0.5), F.mse_loss(T['x'], T['c_t']), F.l1_loss(T['x'], T['c_t'])])",
                named("p", rand(3, 2).mul(0.9).add(0.05), "x", randn(3, 2).mul(2), "c_t", rand(3, 2).gt(0.5).toFloat(),
                        "c_w", rand(3, 2), "c_pw", rand(2).add(0.5)),
                t -> stack(F.binaryCrossEntropy(t.get("p"), t.get("c_t")),
                        F.binaryCrossEntropyWithLogits(t.get("x"), t.get("c_t"), t.get("c_w"), t.get("c_pw"), Reduction.MEAN),
                        F.smoothL1Loss(t.get("x"), t.get("c_t"), Reduction.MEAN, 0.5), F.mseLoss(t.get("x"), t.get("c_t")),
                        F.l1Loss(t.get("x"), t.get("c_t"))));
    }

    private void recurrentNets() {
        var lstm = new LSTM(3, 4, 2, true);
        var gru = new GRU(3, 2);
        Map<String, Tensor> lstmInputs = named("x", randn(2, 5, 3), "h0", randn(2, 2, 4), "c0", randn(2, 2, 4));
        lstm.stateDict().forEach((k, v) -> lstmInputs.put("c_" + k, v));
        parity("LSTM", """
                m = torch.nn.LSTM(3, 4, num_layers=2, batch_first=True)
                with torch.no_grad():
                    for n, p in m.named_parameters():
                        p.copy_(T['c_' + n])
                o, (h, c) = m(T['x'], (T['h0'], T['c0']))
                out = torch.cat([o.reshape(-1), h.reshape(-1), c.reshape(-1)])
                """, lstmInputs, t -> {
                    var o = lstm.forward(t.get("x"), t.get("h0"), t.get("c0"));
                    return cat(o.output().reshape(-1), o.hidden().reshape(-1), o.cell().reshape(-1));
                });
        var biLstm = new LSTM(3, 2, 2, true, false, true);
        Map<String, Tensor> biInputs = named("x", randn(5, 2, 3), "h0", randn(4, 2, 2), "c0", randn(4, 2, 2));
        biLstm.stateDict().forEach((k, v) -> biInputs.put("c_" + k, v));
        parity("bidirectional LSTM", """
                m = torch.nn.LSTM(3, 2, num_layers=2, bidirectional=True)
                with torch.no_grad():
                    for n, p in m.named_parameters():
                        p.copy_(T['c_' + n])
                o, (h, c) = m(T['x'], (T['h0'], T['c0']))
                out = torch.cat([o.reshape(-1), h.reshape(-1), c.reshape(-1)])
                """, biInputs, t -> {
                    var o = biLstm.forward(t.get("x"), t.get("h0"), t.get("c0"));
                    return cat(o.output().reshape(-1), o.hidden().reshape(-1), o.cell().reshape(-1));
                });
        var biGru = new GRU(3, 2, 1, true, true, true);
        Map<String, Tensor> biGruInputs = named("x", randn(2, 4, 3));
        biGru.stateDict().forEach((k, v) -> biGruInputs.put("c_" + k, v));
        parity("bidirectional GRU, batch first", """
                m = torch.nn.GRU(3, 2, batch_first=True, bidirectional=True)
                with torch.no_grad():
                    for n, p in m.named_parameters():
                        p.copy_(T['c_' + n])
                o, h = m(T['x'])
                out = torch.cat([o.reshape(-1), h.reshape(-1)])
                """, biGruInputs, t -> {
                    var o = biGru.forward(t.get("x"), null);
                    return cat(o.output().reshape(-1), o.hidden().reshape(-1));
                });
        Map<String, Tensor> gruInputs = named("x", randn(4, 2, 3), "h0", randn(1, 2, 2));
        gru.stateDict().forEach((k, v) -> gruInputs.put("c_" + k, v));
        parity("GRU", """
                m = torch.nn.GRU(3, 2)
                with torch.no_grad():
                    for n, p in m.named_parameters():
                        p.copy_(T['c_' + n])
                o, h = m(T['x'], T['h0'])
                out = torch.cat([o.reshape(-1), h.reshape(-1)])
                """, gruInputs, t -> {
                    var o = gru.forward(t.get("x"), t.get("h0"));
                    return cat(o.output().reshape(-1), o.hidden().reshape(-1));
                });
    }
}
