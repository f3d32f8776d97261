package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.Tensor;
import org.junit.jupiter.api.Test;

import java.util.List;

/** SEED_PROGRAMS.md program 4: custom layers, containers, a multi-task module, and the summary of the network. */
class SeedProgramFourTest {

    static class ConvLayer extends Module {
        final Conv2d conv; final BatchNorm2d bn; final ReLU relu = new ReLU();
        ConvLayer(int in, int out, int k, int stride, int padding) {
            conv = new Conv2d(in, out, k, stride, padding);
            bn = new BatchNorm2d(out);
        }
        public Tensor forward(Tensor x) { return relu.forward(bn.forward(conv.forward(x))); }
    }

    record TwoTasks(Tensor a, Tensor b) {}

    static class MultiTaskNet extends Module {
        final Linear task1 = new Linear(10, 1), task2 = new Linear(10, 1);
        TwoTasks both(Tensor x) { return new TwoTasks(task1.forward(x), task2.forward(x)); }
    }

    @Test
    void theProgramRunsAndItsSummaryShowsEveryLayer() {
        manualSeed(0);
        var net = new Sequential(new ConvLayer(3, 16, 3, 1, 1), new MaxPool2d(2), new Flatten(),
                                 new Dropout(0.5), new Linear(16 * 16 * 16, 10));
        var heads = new ModuleList(new Linear(10, 1), new Linear(10, 1));

        Tensor out = net.forward(randn(2, 3, 32, 32));
        assertArrayEquals(new int[]{2, 10}, out.shape());
        for (Module head : heads) {
            assertArrayEquals(new int[]{2, 1}, head.forward(out).shape());
        }
        var both = new MultiTaskNet().both(out);
        assertArrayEquals(new int[]{2, 1}, both.a().shape());
        assertArrayEquals(new int[]{2, 1}, both.b().shape());

        var summary = net.summary(1, 3, 32, 32);
        assertNull(summary.failure());
        var names = summary.rows().stream().map(r -> r.name() + " (" + r.type() + ")").toList();
        assertEquals(List.of("0.conv (Conv2d)", "0.bn (BatchNorm2d)", "0.relu (ReLU)", "0 (ConvLayer)", "1 (MaxPool2d)",
                "2 (Flatten)", "3 (Dropout)", "4 (Linear)"), names);
        var shapes = summary.rows().stream().map(r -> java.util.Arrays.toString(r.outputShape())).toList();
        assertEquals(List.of("[1, 16, 32, 32]", "[1, 16, 32, 32]", "[1, 16, 32, 32]", "[1, 16, 32, 32]", "[1, 16, 16, 16]",
                "[1, 4096]", "[1, 4096]", "[1, 10]"), shapes);
        var params = summary.rows().stream().map(Summary.Row::params).toList();
        long conv = 16 * 3 * 3 * 3 + 16;
        long bn = 2 * 16;
        long fc = 4096 * 10 + 10;
        assertEquals(List.of(conv, bn, 0L, conv + bn, 0L, 0L, 0L, fc), params);
        assertEquals(conv + bn + fc, summary.totalParams());
        String table = summary.toString();
        assertTrue(table.contains("(480)"), "a block's own layers are counted above it:\n" + table);
        assertTrue(table.contains("Total params: 41,450"), table);
        assertTrue(table.contains("Trainable params: 41,450"), table);
    }

    @Test
    void aMultiTaskNetHasNoSingleForward() {
        var e = assertThrows(UnsupportedOperationException.class, () -> new MultiTaskNet().forward(randn(1, 10)));
        assertTrue(e.getMessage().startsWith("MultiTaskNet has no forward(Tensor)"), e.getMessage());
    }
}
