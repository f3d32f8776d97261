package dev.jtorch.kernel.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Interrupts at random moments while a small MLP and a small CNN train on the bundled digits
 * (so inside matmul, convolution, backward, the optimizer step or the DataLoader), and while
 * bare matmuls, convolutions and DataLoader passes run. After every interrupt the cell reports
 * KeyboardInterrupt, the models' parameters are finite, and one more training step runs.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TrainingInterruptIT {

    private static final int ROUNDS = 8;

    private static KernelProcess kernel;
    private static WireClient client;
    private static int interrupts;
    // An interrupt the kernel handles before it has begun the cell is forgotten when the cell begins
    // (as with ipykernel when idle): then a second one is sent, as a user would, and counted here.
    private static final int[] repeated = new int[1];

    @BeforeAll
    static void startKernel() throws Exception {
        kernel = KernelProcess.start();
        client = kernel.client();
        client.awaitReady(60_000);
        WireClient.Cell setup = client.execute("""
                manualSeed(0);
                var data = Digits.loadImages();
                var loader = new DataLoader(data, 32, true);
                var cnn = new Sequential(new Conv2d(1, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2, 2), new Flatten(),
                        new Linear(8 * 4 * 4, 10));
                var mlp = new Sequential(new Flatten(), new Linear(64, 64), new ReLU(), new Linear(64, 10));
                var criterion = new CrossEntropyLoss();
                var cnnOptimizer = new SGD(cnn.parameters(), 0.01, 0.9);
                var mlpOptimizer = new Adam(mlp.parameters(), 1e-3);
                boolean finite(Module m) {
                    for (var p : m.parameters()) {
                        for (float v : p.toFloatArray()) {
                            if (!Float.isFinite(v)) return false;
                        }
                    }
                    return true;
                }
                float trainStep(Module m, Optimizer o, Batch b) {
                    o.zeroGrad();
                    var loss = criterion.forward(m.forward(b.input()), b.target());
                    loss.backward();
                    o.step();
                    return loss.item();
                }
                void trainForever(Module m, Optimizer o) {
                    while (true) {
                        for (var b : loader) trainStep(m, o, b);
                    }
                }
                var firstBatch = loader.iterator().next();
                """, 60_000);
        assertTrue(setup.ok(), setup.describe());
    }

    @AfterAll
    static void stopKernel() {
        System.out.println("interrupts injected: " + interrupts + ", of which needed a second press: " + repeated[0]);
        KernelProcess.stop(kernel, client);
    }

    private static void interruptAndCheck(String code, long delayMillis) {
        WireClient.Cell cell;
        try {
            cell = client.executeAndInterrupt(code, delayMillis, 10_000, 30_000, repeated);
        } catch (AssertionError stuck) {
            System.out.println("kernel stuck " + delayMillis + " ms into " + code + ":\n" + kernel.threadDump());
            throw stuck;
        }
        interrupts++;
        assertEquals("KeyboardInterrupt", cell.ename(), "after " + delayMillis + " ms: " + cell.describe());
        assertTrue(cell.sawIdle(), cell.describe());
        WireClient.Cell after = client.execute("""
                finite(cnn) && finite(mlp)
                    && Float.isFinite(trainStep(cnn, cnnOptimizer, firstBatch))
                    && Float.isFinite(trainStep(mlp, mlpOptimizer, firstBatch))
                    && finite(cnn) && finite(mlp)
                """, 30_000);
        assertEquals("true", after.result(), "after an interrupt at " + delayMillis + " ms into " + code + ": "
                + after.describe());
    }

    @Test
    void interruptsDuringTraining() {
        Random random = new Random(11);
        for (int i = 0; i < ROUNDS; i++) {
            long delay = 100 + random.nextInt(900);
            interruptAndCheck(i % 2 == 0 ? "trainForever(cnn, cnnOptimizer);" : "trainForever(mlp, mlpOptimizer);", delay);
        }
    }

    @Test
    void interruptsInsideTheKernelsOfTheLibrary() {
        Random random = new Random(12);
        String[] loops = {
            "var a = randn(384, 384); while (true) a = a.matmul(a).tanh();",
            "var img = randn(16, 8, 24, 24); var conv = new Conv2d(8, 16, 3, 1, 1); while (true) conv.forward(img);",
            "var x = randn(256, 256).requiresGrad_(true); while (true) x.matmul(x).sum().backward();",
            "long seen = 0; while (true) for (var b : loader) seen += b.size();",
        };
        for (int i = 0; i < ROUNDS; i++) {
            interruptAndCheck(loops[i % loops.length], 50 + random.nextInt(600));
        }
    }
}
