package dev.jtorch.nn;

import static dev.jtorch.Torch.*;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.Device;
import dev.jtorch.Tensor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Module: discovery by reflection, modes, state dicts, printing, summaries. */
class ModuleTest {

    @BeforeEach
    void seed() {
        manualSeed(17);
    }

    /** Declared inside the test method's class, as a notebook declares classes: fields only. */
    static class Net extends Module {
        final Linear fc1 = new Linear(4, 3);
        final ReLU act = new ReLU();
        final Linear fc2 = new Linear(3, 2);

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(act.forward(fc1.forward(x)));
        }
    }

    @Test
    void parametersAreFoundInDeclarationOrder() {
        var net = new Net();
        assertEquals(List.of("fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias"), List.copyOf(net.namedParameters().keySet()));
        assertSame(net.fc1.weight, net.parameters().get(0));
        assertEquals(List.of("fc1", "act", "fc2"), List.copyOf(net.namedChildren().keySet()));
        assertEquals(4, net.modules().size());
        assertEquals(4 * 3 + 3 + 3 * 2 + 2, net.numParameters(false));
    }

    @Test
    void localClassesWithAnOuterInstanceWork() {
        // A class declared in a method holds a hidden reference to its outer instance; it is not a field to walk.
        class Scaled extends Module {
            final Parameter scale = new Parameter(ones(1));
            final Linear inner = new Linear(2, 2);

            @Override
            public Tensor forward(Tensor x) {
                return inner.forward(x).mul(scale);
            }
        }
        var m = new Scaled();
        assertEquals(List.of("scale", "inner.weight", "inner.bias"), List.copyOf(m.stateDict().keySet()));
    }

    static class Base extends Module {
        final Linear shared = new Linear(2, 2);
    }

    static class Derived extends Base {
        final Linear head = new Linear(2, 1);
        final Linear tied = shared;
        final Linear[] blocks = {new Linear(2, 2), new Linear(2, 2)};
        final List<Module> extra = new ArrayList<>(List.of(new Linear(2, 3)));
        final Tensor notAParameter = ones(3);
    }

    @Test
    void superclassFieldsArraysListsAndSharedLayers() {
        var m = new Derived();
        assertEquals(List.of("shared.weight", "shared.bias", "head.weight", "head.bias", "blocks.0.weight", "blocks.0.bias",
                "blocks.1.weight", "blocks.1.bias", "extra.0.weight", "extra.0.bias"), List.copyOf(m.namedParameters().keySet()));
        assertEquals(10, m.parameters().size(), "the tied layer's parameters count once");
    }

    static class HoldsAnIterable extends Module {
        final Linear fc = new Linear(2, 2);
        final Iterable<Module> lazy = () -> {
            throw new AssertionError("a module must not iterate an arbitrary Iterable field");
        };
    }

    @Test
    void onlyCollectionsAreSearchedForLayers() {
        assertEquals(List.of("fc.weight", "fc.bias"), List.copyOf(new HoldsAnIterable().stateDict().keySet()));
    }

    @Test
    void registeredModulesParametersAndBuffers() {
        var m = new Net();
        m.register("extra", new Linear(2, 2));
        m.registerParameter("temperature", new Parameter(ones(1)));
        m.registerBuffer("steps", zeros(1));
        var keys = List.copyOf(m.stateDict().keySet());
        assertEquals(List.of("temperature", "steps", "fc1.weight", "fc1.bias", "fc2.weight", "fc2.bias", "extra.weight",
                "extra.bias"), keys);
        assertFalse(m.namedParameters().containsKey("steps"));
        assertThrows(IllegalArgumentException.class, () -> m.register("extra", new ReLU()));
    }

    @Test
    void trainAndEvalReachEveryLayer() {
        var net = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5)));
        assertTrue(net.get(1).children().get(0).isTraining());
        net.eval();
        for (Module m : net.modules()) {
            assertFalse(m.isTraining(), m.toString());
        }
        net.train();
        assertTrue(net.get(1).children().get(0).isTraining());
        var count = new int[1];
        net.apply(m -> count[0]++);
        assertEquals(4, count[0]);
    }

    @Test
    void zeroGradClearsEveryGradient() {
        var net = new Net();
        net.forward(randn(5, 4)).sum().backward();
        assertNotNull(net.fc1.weight.grad());
        net.zeroGrad();
        for (Parameter p : net.parameters()) {
            assertNull(p.grad());
        }
    }

    @Test
    void stateDictRoundTrip() {
        var a = new Net();
        var b = new Net();
        Tensor x = randn(3, 4);
        assertFalse(a.forward(x).allClose(b.forward(x)));
        var result = b.loadStateDict(a.stateDict());
        assertTrue(result.missingKeys().isEmpty() && result.unexpectedKeys().isEmpty());
        assertTrue(a.forward(x).allClose(b.forward(x)));
        assertNotSame(a.fc1.weight, b.fc1.weight);
        assertTrue(b.fc1.weight.requiresGrad(), "loading keeps parameters trainable");
        var bn = new BatchNorm1d(4);
        bn.forward(randn(8, 4));
        var bn2 = new BatchNorm1d(4);
        bn2.loadStateDict(bn.stateDict());
        assertTrue(bn2.runningMean().allClose(bn.runningMean()));
        assertEquals(1, bn2.buffer("num_batches_tracked").longItem());
    }

    @Test
    void strictLoadingNamesMissingAndUnexpectedKeys() {
        var net = new Net();
        Map<String, Tensor> state = new LinkedHashMap<>(net.stateDict());
        state.remove("fc2.bias");
        state.put("fc3.weight", zeros(1));
        var e = assertThrows(IllegalArgumentException.class, () -> new Net().loadStateDict(state));
        assertTrue(e.getMessage().contains("Missing key(s) in state_dict: fc2.bias"), e.getMessage());
        assertTrue(e.getMessage().contains("Unexpected key(s) in state_dict: fc3.weight"), e.getMessage());
        var lenient = new Net().loadStateDict(state, false);
        assertEquals(List.of("fc2.bias"), lenient.missingKeys());
        assertEquals(List.of("fc3.weight"), lenient.unexpectedKeys());
    }

    @Test
    void shapeMismatchNamesTheKeyAndBothShapes() {
        var state = new Net().stateDict();
        state.put("fc1.weight", zeros(5, 4));
        var target = new Net();
        Tensor before = target.fc2.weight.clone();
        var e = assertThrows(IllegalArgumentException.class, () -> target.loadStateDict(state, false));
        assertTrue(e.getMessage().contains("size mismatch for fc1.weight: copying a param with shape [5, 4] from checkpoint, "
                + "the shape in current model is [3, 4]"), e.getMessage());
        assertTrue(target.fc2.weight.equal(before), "nothing is loaded when something does not fit");
    }

    @Test
    void printsATreeLikePyTorch() {
        var net = new Sequential(new Linear(784, 128), new ReLU(), new Sequential(new Dropout(0.2), new Linear(128, 10, false)));
        assertEquals("""
                Sequential(
                  (0): Linear(in_features=784, out_features=128, bias=True)
                  (1): ReLU()
                  (2): Sequential(
                    (0): Dropout(p=0.2, inplace=False)
                    (1): Linear(in_features=128, out_features=10, bias=False)
                  )
                )""", net.toString());
        assertEquals("""
                Net(
                  (fc1): Linear(in_features=4, out_features=3, bias=True)
                  (act): ReLU()
                  (fc2): Linear(in_features=3, out_features=2, bias=True)
                )""", new Net().toString());
    }

    static class MultiTaskNet extends Module {
        final Linear task1 = new Linear(10, 1);
    }

    @Test
    void aModuleWithoutForwardSaysSo() {
        var e = assertThrows(UnsupportedOperationException.class, () -> new MultiTaskNet().forward(randn(2, 10)));
        assertEquals("MultiTaskNet has no forward(Tensor); call its own methods", e.getMessage());
    }

    @Test
    void toCpuIsTheModuleAndCudaIsRefused() {
        var net = new Net();
        Net same = net.to(Device.CPU);
        assertSame(net, same);
        var e = assertThrows(UnsupportedOperationException.class, () -> net.to(Device.of("cuda")));
        assertTrue(e.getMessage().contains("cuda"), e.getMessage());
    }

    @Test
    void parameterPrintsAndRequiresGrad() {
        var p = new Parameter(ones(2));
        assertTrue(p.requiresGrad());
        assertTrue(p.toString().startsWith("Parameter containing:\ntensor("), p.toString());
        assertFalse(new Parameter(ones(2), false).requiresGrad());
    }

    @Test
    void summaryOfANestedModelShowsEveryLayer() {
        var net = new Sequential(new Conv2d(3, 8, 3, 1, 1), new ReLU(), new MaxPool2d(2), new Flatten(), new Linear(8 * 4 * 4, 10));
        var summary = net.summary(2, 3, 8, 8);
        assertNull(summary.failure());
        var rows = summary.rows();
        assertEquals(5, rows.size());
        assertEquals("0", rows.get(0).name());
        assertArrayEquals(new int[]{2, 8, 8, 8}, rows.get(0).outputShape());
        assertEquals(8 * 3 * 9 + 8, rows.get(0).params());
        assertArrayEquals(new int[]{2, 128}, rows.get(3).outputShape());
        assertEquals(128 * 10 + 10, rows.get(4).params());
        assertEquals(net.numParameters(true), summary.totalParams());
        String text = summary.toString();
        assertTrue(text.contains("4 (Linear)"), text);
        assertTrue(text.contains("[2, 10]"), text);
        assertTrue(text.contains(String.format("Total params: %,d", net.numParameters(false))), text);
    }

    @Test
    void summaryShowsWhichLayerFailedAndKeepsTheRowsBefore() {
        var net = new Sequential(new Conv2d(3, 8, 3), new Flatten(), new Linear(64 * 6 * 6, 10));
        var summary = net.summary(1, 3, 32, 32);
        assertEquals(2, summary.rows().size());
        assertNotNull(summary.failure());
        assertTrue(summary.failure().contains("in 2 (Linear)"), summary.failure());
        assertTrue(summary.failure().contains("in_features is 2304"), summary.failure());
        assertTrue(summary.toString().contains("1 (Flatten)"), summary.toString());
    }

    static class Custom extends Module {
        final Linear fc1 = new Linear(4, 8);
        final Linear fc2 = new Linear(6, 2);

        @Override
        public Tensor forward(Tensor x) {
            return fc2.forward(fc1.forward(x).relu());
        }
    }

    @Test
    void summaryOfACustomModuleFindsTheFailingLayer() {
        var summary = new Custom().summary(3, 4);
        assertEquals(1, summary.rows().size());
        assertTrue(summary.failure().contains("in fc2 (Linear)"), summary.failure());
    }

    @Test
    void summaryLeavesTheModelAsItWas() {
        var bn = new BatchNorm1d(3);
        var net = new Sequential(new Linear(2, 3), bn, new Dropout(0.5));
        net.summary(4, 2);
        assertTrue(net.isTraining() && bn.isTraining());
        assertArrayEquals(new float[]{0, 0, 0}, bn.runningMean().toFloatArray());
        net.eval();
        net.summary(4, 2);
        assertFalse(bn.isTraining());
    }
}
