package dev.jtorch.data;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static dev.jtorch.Torch.arange;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataLoaderTest {

    /** 10 examples: input i is [i, 10 + i], target i. */
    static TensorDataset tens() {
        Tensor x = Torch.stack(new Tensor[]{arange(10).toFloat(), arange(10, 20).toFloat()}, 1);
        return new TensorDataset(x, arange(10));
    }

    /** The same examples through the generic path (not a TensorDataset). */
    static Dataset<Example> generic(TensorDataset d) {
        return new Dataset<>() {
            public int size() {
                return d.size();
            }

            public Example get(int i) {
                return d.get(i);
            }
        };
    }

    static List<Long> targetsOfOneEpoch(DataLoader loader) {
        List<Long> out = new ArrayList<>();
        for (Batch b : loader) {
            for (long y : b.target().toLongArray()) {
                out.add(y);
            }
        }
        return out;
    }

    @Test
    void batchesCoverTheDatasetInOrderWithASmallerLastBatch() {
        DataLoader loader = new DataLoader(tens(), 4);
        assertEquals(3, loader.size());
        List<Integer> sizes = new ArrayList<>();
        for (Batch b : loader) {
            sizes.add(b.size());
            assertArrayEquals(new int[]{b.size(), 2}, b.input().shape());
        }
        assertEquals(List.of(4, 4, 2), sizes);
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), targetsOfOneEpoch(loader));
        Batch first = loader.iterator().next();
        assertArrayEquals(new float[]{0, 10, 1, 11, 2, 12, 3, 13}, first.input().toFloatArray());
    }

    @Test
    void dropLastDropsTheIncompleteBatch() {
        DataLoader loader = new DataLoader(tens(), 4, false, true);
        assertEquals(2, loader.size());
        assertEquals(8, targetsOfOneEpoch(loader).size());
        assertEquals(29, new DataLoader(Digits.load(), 64, true).size());
        assertEquals(28, new DataLoader(Digits.load(), 64, true, true).size());
        assertEquals(2, new DataLoader(tens(), 5, false, true).size());
    }

    @Test
    void shuffleIsAPermutationRepeatedByManualSeedAndNewEachEpoch() {
        DataLoader loader = new DataLoader(tens(), 3, true);
        Torch.manualSeed(7);
        List<Long> epoch1 = targetsOfOneEpoch(loader);
        List<Long> epoch2 = targetsOfOneEpoch(loader);
        Torch.manualSeed(7);
        assertEquals(epoch1, targetsOfOneEpoch(loader));
        assertEquals(epoch2, targetsOfOneEpoch(loader));
        assertEquals(Set.copyOf(epoch1), new HashSet<>(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L)));
        assertFalse(epoch1.equals(epoch2), "two epochs drew the same order: " + epoch1);
    }

    @Test
    void inputsStayPairedWithTheirTargetsWhenShuffled() {
        Torch.manualSeed(1);
        for (Batch b : new DataLoader(tens(), 3, true)) {
            float[] x = b.input().toFloatArray();
            long[] y = b.target().toLongArray();
            for (int i = 0; i < y.length; i++) {
                assertEquals(y[i], x[2 * i]);
                assertEquals(y[i] + 10, x[2 * i + 1]);
            }
        }
    }

    @Test
    void theTensorFastPathAndTheStackingPathGiveTheSameBatches() {
        TensorDataset d = tens();
        Torch.manualSeed(3);
        List<Batch> fast = new ArrayList<>();
        new DataLoader(d, 4, true).forEach(fast::add);
        Torch.manualSeed(3);
        List<Batch> slow = new ArrayList<>();
        new DataLoader(generic(d), 4, true).forEach(slow::add);
        assertEquals(fast.size(), slow.size());
        for (int i = 0; i < fast.size(); i++) {
            assertTrue(fast.get(i).input().equal(slow.get(i).input()));
            assertTrue(fast.get(i).target().equal(slow.get(i).target()));
        }
    }

    @Test
    void randomSplitMakesDisjointSubsetsOfTheRequestedSizes() {
        Torch.manualSeed(11);
        List<Subset<Example>> parts = Dataset.randomSplit(tens(), 0.33, 0.33, 0.34);
        assertEquals(List.of(4, 3, 3), parts.stream().map(Subset::size).toList());
        Set<Long> seen = new HashSet<>();
        for (Subset<Example> part : parts) {
            for (int i = 0; i < part.size(); i++) {
                assertTrue(seen.add(part.get(i).target().longItem()));
            }
        }
        assertEquals(10, seen.size());
        Torch.manualSeed(11);
        assertArrayEquals(parts.get(0).indices(), Dataset.randomSplit(tens(), 0.33, 0.33, 0.34).get(0).indices());

        // Batching a subset reads the TensorDataset underneath at the subset's indices.
        Subset<Example> part = parts.get(1);
        List<Long> viaLoader = targetsOfOneEpoch(new DataLoader(part, 2));
        List<Long> direct = Arrays.stream(part.indices()).mapToObj(i -> (long) i).toList();
        assertEquals(direct, viaLoader);

        var e = assertThrows(IllegalArgumentException.class, () -> Dataset.randomSplit(tens(), 3, 3));
        assertTrue(e.getMessage().contains("sum to 6"), e.getMessage());
    }

    @Test
    void trainTestSplitPartitionsTheExamples() {
        Torch.manualSeed(5);
        var split = Digits.load().trainTestSplit(0.2);
        assertEquals(360, split.test().size());
        assertEquals(1437, split.train().size());
        assertArrayEquals(new int[]{1437, 64}, split.train().inputs().shape());
        double total = split.train().inputs().sum().item() + split.test().inputs().sum().item();
        assertEquals(Digits.load().inputs().sum().item(), total, 1e-3 * total);
    }

    @Test
    void badArgumentsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new DataLoader(tens(), 0));
        var e = assertThrows(IllegalArgumentException.class, () -> new TensorDataset(Torch.zeros(3, 2), arange(4)));
        assertTrue(e.getMessage().contains("[3, 2]") && e.getMessage().contains("[4]"), e.getMessage());
    }
}
