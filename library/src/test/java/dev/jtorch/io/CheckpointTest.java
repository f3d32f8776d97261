package dev.jtorch.io;

import dev.jtorch.Tensor;
import dev.jtorch.optim.Adam;
import dev.jtorch.optim.Optimizer;
import dev.jtorch.optim.StepLR;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** An optimizer checkpoint written to a file and read back resumes training exactly. */
class CheckpointTest {
    @TempDir
    Path dir;

    static void trainStep(Optimizer opt, Tensor x) {
        opt.zeroGrad();
        x.sub(tensor(new float[]{3, -1})).square().sum().backward();
        opt.step();
    }

    @Test
    void anOptimizerStateSavedToAFileResumesTheSameRun() {
        Tensor x = tensor(new float[]{0, 0}).requiresGrad_(true);
        Adam opt = new Adam(List.of(x), 0.003, 0.8, 0.99, 1e-7, 0.01, false);
        StepLR scheduler = new StepLR(opt, 2, 0.5);
        for (int i = 0; i < 3; i++) {
            trainStep(opt, x);
            scheduler.step();
        }
        Path params = dir.resolve("params.safetensors");
        Path state = dir.resolve("optimizer.safetensors");
        Serialization.save(Map.of("x", x), params);
        Serialization.save(opt.stateDict(), state);

        Tensor y = Serialization.load(params).get("x").requiresGrad_(true);
        Adam resumed = new Adam(List.of(y), 1.0);
        resumed.loadStateDict(Serialization.load(state));
        assertEquals(0.0015, resumed.paramGroups().get(0).lr());   // the decayed lr, exactly as set
        assertEquals(0.8, resumed.paramGroups().get(0).get("beta1"));
        for (int i = 0; i < 4; i++) {
            trainStep(opt, x);
            trainStep(resumed, y);
        }
        assertArrayEquals(x.toFloatArray(), y.toFloatArray());
    }
}
