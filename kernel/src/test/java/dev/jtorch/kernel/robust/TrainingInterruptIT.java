package dev.jtorch.kernel.robust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.KernelClient;
import dev.jtorch.kernel.RunningKernel;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Interrupts at random moments while a small MLP and a small CNN train on the bundled digits
 * (so inside matmul, convolution, backward, the optimizer step or the DataLoader), and while
 * bare matmuls, convolutions and DataLoader passes run. After every interrupt the cell reports
 * KeyboardInterrupt, the models' parameters are finite, and one more training step runs.
 * One press of interrupt always suffices, also when it is sent right after the cell (so it may
 * reach the kernel before the cell does).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class TrainingInterruptIT {

    private static final int ROUNDS = 8;
    private static final int STRESS_ROUNDS = 48;
    // An interrupted cell must end well within this; a lost interrupt leaves the cell running for good.
    private static final long STOP_MILLIS = 15_000;

    @RegisterExtension
    static final RunningKernel kernel = RunningKernel.fromJar();
    private static int interrupts;

    @BeforeAll
    static void defineModels() {
        KernelClient.Cell setup = kernel.client().run("""
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
    static void reportInterrupts() {
        System.out.println("interrupts injected: " + interrupts);
    }

    private static KernelClient.Cell interrupted(String code, long delayMillis) {
        KernelClient.Cell cell;
        try {
            cell = kernel.client().runAndInterrupt(code, delayMillis, STOP_MILLIS);
        } catch (AssertionError stuck) {
            System.out.println("kernel stuck " + delayMillis + " ms into " + code + ":\n" + kernel.process().threadDump());
            throw stuck;
        }
        interrupts++;
        assertEquals("KeyboardInterrupt", cell.ename(), "after " + delayMillis + " ms: " + cell.describe());
        assertTrue(cell.sawIdle(), cell.describe());
        return cell;
    }

    private static void interruptAndCheck(String code, long delayMillis) {
        interrupted(code, delayMillis);
        KernelClient.Cell after = kernel.client().run("""
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

    @Test
    void oneInterruptStopsTheCellEvenRightAtItsStart() {
        Random random = new Random(13);
        String[] cells = {
            "long spins = 0; while (true) spins++;",
            "var m = randn(128, 128); while (true) m = m.matmul(m).tanh();",
            "trainForever(mlp, mlpOptimizer);",
            "int batches = 0;\nfor (var b : loader) batches++;\nwhile (true) Thread.sleep(1);",
            "class Spinner { static void spin() { while (true) { } } }\nSpinner.spin();",
        };
        for (int i = 0; i < STRESS_ROUNDS; i++) {
            // A third at once (the interrupt may overtake the cell), a third while it compiles, a third later.
            long delay = switch (i % 3) {
                case 0 -> 0;
                case 1 -> random.nextInt(40);
                default -> 40 + random.nextInt(400);
            };
            interrupted(cells[random.nextInt(cells.length)], delay);
        }
        KernelClient.Cell after = kernel.client().run("finite(mlp) && Float.isFinite(trainStep(mlp, mlpOptimizer, firstBatch))",
                30_000);
        assertEquals("true", after.result(), after.describe());
    }

    @Test
    void anInterruptWhileIdleDoesNotStopTheNextCell() {
        for (int i = 0; i < 3; i++) {
            kernel.client().interrupt();
            KernelClient.Cell next = kernel.client().run("int afterIdleInterrupt = 6 * 7; afterIdleInterrupt", 30_000);
            assertEquals("42", next.result(), next.describe());
        }
    }
}
