package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

/** DataParallel gives the bare model's results and gradients, with the batch split over threads. */
class DataParallelTest {

    @BeforeEach
    void seed() {
        manualSeed(29);
    }

    static class Small extends Module {
        final Conv2d conv = new Conv2d(2, 4, 3, 1, 1);
        final Linear fc = new Linear(4 * 4 * 4, 3);

        @Override
        public Tensor forward(Tensor x) {
            return fc.forward(relu(conv.forward(x)).flatten(1));
        }
    }

    @Test
    void sameOutputsAndGradientsAsTheBareModel() {
        var model = new Small();
        var parallel = new DataParallel(model, 3);
        Tensor x = randn(7, 2, 4, 4);
        Tensor labels = randint(0, 3, 7);

        var criterion = new CrossEntropyLoss();
        criterion.forward(model.forward(x), labels).backward();
        List<Tensor> bare = model.parameters().stream().map(p -> p.grad().clone()).toList();
        model.zeroGrad();

        Tensor out = parallel.forward(x);
        assertTrue(out.allClose(model.forward(x), 1e-5, 1e-6));
        criterion.forward(out, labels).backward();
        var params = model.parameters();
        for (int i = 0; i < params.size(); i++) {
            assertTrue(params.get(i).grad().allClose(bare.get(i), 1e-4, 1e-6), "gradient of parameter " + i);
        }
    }

    @Test
    void noGradIsHonouredOnTheWorkers() {
        var parallel = new DataParallel(new Small(), 2);
        try (var g = noGrad()) {
            assertFalse(parallel.forward(randn(4, 2, 4, 4)).requiresGrad());
        }
        assertTrue(parallel.forward(randn(4, 2, 4, 4)).requiresGrad());
    }

    @Test
    void stateDictKeysNameTheWrappedModule() {
        var parallel = new DataParallel(new Small());
        assertEquals("module.conv.weight", parallel.stateDict().keySet().iterator().next());
    }

    @Test
    void summaryShowsTheWrappedLayers() {
        var summary = new DataParallel(new Small(), 2).summary(4, 2, 4, 4);
        assertEquals(List.of("module.conv", "module.fc"), summary.rows().stream().map(Summary.Row::name).toList());
    }

    @Test
    void errorsOnTheWorkersReachTheCaller() {
        var parallel = new DataParallel(new Small(), 2);
        var e = assertThrows(IllegalArgumentException.class, () -> parallel.forward(randn(4, 3, 4, 4)));
        assertTrue(e.getMessage().contains("channels"), e.getMessage());
    }
}
