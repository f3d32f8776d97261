package dev.jtorch;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.cpu.Simd;
import dev.jtorch.nn.functional.F;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every op's SIMD path against its plain-Java twin, and its parallel path against one thread.
 * The same seeded cases (random shapes with 0- and 1-sized dims, sizes that leave vector tails,
 * sizes large enough to be split across threads, broadcasting, transposed and narrowed views;
 * forward values and gradients) are computed by a JVM started with {@code -Djtorch.simd=false}
 * and by this one, and here again at one and at two threads.
 */
class SimdAndParallelAgreementTest {

    private static final long SEED = 7;

    @Test
    void simdPathsAgreeWithTheirScalarTwins() throws Exception {
        Assumptions.assumeTrue(Simd.ENABLED, "the Vector API is not in this JVM: there is no SIMD path to compare");
        Path file = Files.createTempFile("jtorch-scalar-cases", ".bin");
        try {
            List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "--add-modules", "jdk.incubator.vector", "-Djtorch.simd=false", "-Xmx1g", "-cp",
                    System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    SimdAndParallelAgreementTest.class.getName(), file.toString()));
            Process scalar = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(scalar.getInputStream().readAllBytes());
            assertTrue(scalar.waitFor(120, TimeUnit.SECONDS), "the scalar JVM did not finish");
            assertEquals(0, scalar.exitValue(), output);
            assertAgree(read(file), cases(SEED), "scalar (-Djtorch.simd=false)", "SIMD");
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    void parallelPathsAgreeWithOneThread() {
        int threads = getNumThreads();
        try {
            setNumThreads(1);
            Map<String, float[]> serial = cases(SEED);
            setNumThreads(2);
            assertAgree(serial, cases(SEED), "1 thread", "2 threads");
        } finally {
            setNumThreads(threads);
        }
    }

    /** Computes the cases in a JVM of its own and writes them to {@code args[0]}. */
    public static void main(String[] args) throws IOException {
        try (var out = new DataOutputStream(Files.newOutputStream(Path.of(args[0])))) {
            Map<String, float[]> cases = cases(SEED);
            out.writeInt(cases.size());
            for (var entry : cases.entrySet()) {
                out.writeUTF(entry.getKey());
                out.writeInt(entry.getValue().length);
                for (float v : entry.getValue()) {
                    out.writeFloat(v);
                }
            }
        }
    }

    private static Map<String, float[]> read(Path file) throws IOException {
        Map<String, float[]> cases = new LinkedHashMap<>();
        try (var in = new DataInputStream(Files.newInputStream(file))) {
            int count = in.readInt();
            for (int i = 0; i < count; i++) {
                String name = in.readUTF();
                float[] values = new float[in.readInt()];
                for (int j = 0; j < values.length; j++) {
                    values[j] = in.readFloat();
                }
                cases.put(name, values);
            }
        }
        return cases;
    }

    private static void assertAgree(Map<String, float[]> expected, Map<String, float[]> actual, String expectedName,
                                    String actualName) {
        assertEquals(expected.keySet(), actual.keySet(), "the same cases on both sides");
        for (String name : expected.keySet()) {
            float[] e = expected.get(name);
            float[] a = actual.get(name);
            assertEquals(e.length, a.length, name + ": size");
            float scale = 0;
            for (float v : e) {
                scale = Math.max(scale, Math.abs(v));
            }
            // Sums in another order: a few units in the last place of the largest value.
            float tolerance = 1e-5f + 2e-5f * scale;
            for (int i = 0; i < e.length; i++) {
                boolean same = Float.isNaN(e[i]) ? Float.isNaN(a[i]) : Math.abs(e[i] - a[i]) <= tolerance;
                if (!same) {
                    fail(name + " at " + i + ": " + expectedName + " gives " + e[i] + ", " + actualName + " gives " + a[i]);
                }
            }
        }
    }

    // ---------------------------------------------------------------- the cases

    static Map<String, float[]> cases(long seed) {
        manualSeed(seed);
        Random random = new Random(seed);
        Map<String, float[]> out = new LinkedHashMap<>();
        List<int[]> shapes = new ArrayList<>();
        for (int c = 0; c < 24; c++) {
            shapes.add(randomShape(random));
        }
        shapes.add(new int[]{300, 517});           // large enough for the compute pool
        shapes.add(new int[]{4, 3, 33, 65});
        for (int[] shape : shapes) {
            elementwise(out, Arrays.toString(shape), shape, random);
        }
        for (int c = 0; c < 12; c++) {
            int m = 1 + random.nextInt(70), k = 1 + random.nextInt(70), n = 1 + random.nextInt(70);
            products(out, m, k, n, random);
        }
        products(out, 256, 300, 200, random);
        images(out, 2, 3, 9, 11);
        images(out, 8, 5, 32, 32);
        return out;
    }

    private static int[] randomShape(Random random) {
        int[] shape = new int[1 + random.nextInt(3)];
        for (int d = 0; d < shape.length; d++) {
            int r = random.nextInt(10);
            shape[d] = r == 0 ? 0 : r < 2 ? 1 : 1 + random.nextInt(40);
        }
        return shape;
    }

    private static void elementwise(Map<String, float[]> out, String name, int[] shape, Random random) {
        Map<String, Function<Tensor, Tensor>> unary = new LinkedHashMap<>();
        unary.put("exp", Tensor::exp);
        unary.put("log", x -> x.abs().add(1).log());
        unary.put("sqrt", x -> x.abs().sqrt());
        unary.put("tanh", Tensor::tanh);
        unary.put("sigmoid", Tensor::sigmoid);
        unary.put("relu", Tensor::relu);
        unary.put("gelu", F::gelu);
        unary.put("abs", Tensor::abs);
        unary.put("neg", Tensor::neg);
        unary.put("pow", x -> x.pow(3));
        unary.put("mul scalar", x -> x.mul(1.5).add(-0.25));
        unary.put("softmax", x -> x.softmax(-1));
        unary.put("logSoftmax", x -> x.logSoftmax(-1));
        unary.put("sum", x -> x.sum());
        unary.put("mean of last dim", x -> x.mean(-1));
        unary.put("sum of first dim", x -> x.sum(0));
        Tensor source = RandomLayouts.of(shape, random);
        for (var op : unary.entrySet()) {
            forwardAndGradient(out, op.getKey() + " " + name, op.getValue(), source);
        }
        if (shape[shape.length - 1] > 0) {
            out.put("max of last dim " + name, source.max(-1).values().toFloatArray());
        }
        int[] partner = Arrays.copyOfRange(shape, random.nextInt(shape.length), shape.length);
        for (int d = 0; d < partner.length; d++) {
            if (random.nextInt(3) == 0) {
                partner[d] = 1;
            }
        }
        Tensor other = RandomLayouts.of(partner.length == 0 ? new int[]{1} : partner, random);
        Map<String, java.util.function.BinaryOperator<Tensor>> binary = new LinkedHashMap<>();
        binary.put("add", Tensor::add);
        binary.put("sub", Tensor::sub);
        binary.put("mul", Tensor::mul);
        binary.put("div", (a, b) -> a.div(b.abs().add(0.5)));
        binary.put("maximum", Tensor::maximum);
        for (var op : binary.entrySet()) {
            String label = op.getKey() + " " + name + " with " + Arrays.toString(other.shape());
            Tensor a = source.detach().requiresGrad_(true);
            Tensor b = other.detach().requiresGrad_(true);
            Tensor result = op.getValue().apply(a, b);
            out.put(label, result.toFloatArray());
            result.mul(weightsLike(result)).sum().backward();
            out.put(label + " grad a", a.grad().toFloatArray());
            out.put(label + " grad b", b.grad().toFloatArray());
        }
    }

    private static void products(Map<String, float[]> out, int m, int k, int n, Random random) {
        String name = m + "x" + k + " @ " + k + "x" + n;
        Tensor a = RandomLayouts.of(new int[]{m, k}, random).detach().requiresGrad_(true);
        Tensor b = RandomLayouts.of(new int[]{k, n}, random).detach().requiresGrad_(true);
        Tensor product = a.matmul(b);
        out.put("matmul " + name, product.toFloatArray());
        product.mul(weightsLike(product)).sum().backward();
        out.put("matmul " + name + " grad a", a.grad().toFloatArray());
        out.put("matmul " + name + " grad b", b.grad().toFloatArray());
        Tensor batch = randn(3, m, k);
        out.put("batched matmul " + name, batch.matmul(randn(3, k, n)).toFloatArray());
        Tensor bias = randn(n).requiresGrad_(true);
        Tensor weight = randn(n, k).requiresGrad_(true);
        Tensor linear = F.linear(a.detach(), weight, bias);
        linear.mul(weightsLike(linear)).sum().backward();
        out.put("linear " + name, linear.toFloatArray());
        out.put("linear " + name + " grad weight", weight.grad().toFloatArray());
        out.put("linear " + name + " grad bias", bias.grad().toFloatArray());
        Tensor logits = randn(m, n).requiresGrad_(true);
        Tensor loss = F.crossEntropy(logits, randint(0, n, m));
        loss.backward();
        out.put("crossEntropy " + name, loss.toFloatArray());
        out.put("crossEntropy " + name + " grad", logits.grad().toFloatArray());
        Tensor prediction = randn(m, n).requiresGrad_(true);
        Tensor mse = F.mseLoss(prediction, randn(m, n));
        mse.backward();
        out.put("mseLoss " + name, mse.toFloatArray());
        out.put("mseLoss " + name + " grad", prediction.grad().toFloatArray());
    }

    private static void images(Map<String, float[]> out, int batch, int channels, int height, int width) {
        String name = batch + "x" + channels + "x" + height + "x" + width;
        Tensor x = randn(batch, channels, height, width).requiresGrad_(true);
        Tensor weight = randn(6, channels, 3, 3).requiresGrad_(true);
        Tensor bias = randn(6).requiresGrad_(true);
        Tensor conv = F.conv2d(x, weight, bias, 1, 1);
        Tensor pooled = F.maxPool2d(conv, 2);
        Tensor averaged = F.avgPool2d(conv, 2);
        Tensor normed = F.batchNorm(conv, null, null, randn(6), randn(6), true, 0.1, 1e-5);
        Tensor layered = F.layerNorm(conv, new int[]{width}, null, null, 1e-5);
        Tensor total = pooled.mul(weightsLike(pooled)).sum().add(averaged.mul(weightsLike(averaged)).sum())
                .add(normed.mul(weightsLike(normed)).sum()).add(layered.mul(weightsLike(layered)).sum());
        total.backward();
        out.put("conv2d " + name, conv.toFloatArray());
        out.put("maxPool2d " + name, pooled.toFloatArray());
        out.put("avgPool2d " + name, averaged.toFloatArray());
        out.put("batchNorm " + name, normed.toFloatArray());
        out.put("layerNorm " + name, layered.toFloatArray());
        out.put("conv2d " + name + " grad input", x.grad().toFloatArray());
        out.put("conv2d " + name + " grad weight", weight.grad().toFloatArray());
        out.put("conv2d " + name + " grad bias", bias.grad().toFloatArray());
    }

    private static void forwardAndGradient(Map<String, float[]> out, String label, Function<Tensor, Tensor> op,
                                           Tensor source) {
        Tensor x = source.detach().requiresGrad_(true);
        Tensor result = op.apply(x);
        out.put(label, result.toFloatArray());
        result.mul(weightsLike(result)).sum().backward();
        out.put(label + " grad", x.grad().toFloatArray());
    }

    // Random weights make every element's gradient differ, so a misplaced one shows.
    private static Tensor weightsLike(Tensor t) {
        return randn(t.shape());
    }
}
