package dev.jtorch.optim;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The base of the learning-rate schedulers, as {@code torch.optim.lr_scheduler.LRScheduler}.
 * Creating a scheduler records each group's starting {@code lr} as {@code initial_lr}; each
 * {@link #step()} (usually once per epoch, after {@code optimizer.step()}) advances the
 * epoch count and writes the new learning rates into the optimizer's groups.
 *
 * <pre>{@code
 * var scheduler = new StepLR(optimizer, 30, 0.1);
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     train(...);
 *     scheduler.step();
 * }
 * }</pre>
 */
public abstract class LRScheduler {
    /** The optimizer whose learning rates this scheduler sets. */
    protected final Optimizer optimizer;
    /** Each group's {@code initial_lr}. */
    protected final double[] baseLrs;
    /** The number of {@link #step()} calls so far (0 right after construction). */
    protected int lastEpoch = -1;
    private List<Double> lastLr = List.of();

    /** Records the groups' initial learning rates and applies the schedule's epoch 0. */
    protected LRScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": optimizer is null");
        }
        this.optimizer = optimizer;
        List<ParamGroup> groups = optimizer.paramGroups();
        baseLrs = new double[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            ParamGroup group = groups.get(g);
            if (!group.has("initial_lr")) {
                group.set("initial_lr", group.lr());
            }
            baseLrs[g] = group.get("initial_lr");
        }
    }

    /**
     * The learning rate of each group for epoch {@link #lastEpoch}, given the current ones in
     * the groups (the schedules are written in PyTorch's chainable form).
     */
    protected abstract double[] computeLr();

    /** Advances one epoch and sets the groups' learning rates. */
    public void step() {
        lastEpoch++;
        double[] lrs = computeLr();
        List<ParamGroup> groups = optimizer.paramGroups();
        List<Double> applied = new ArrayList<>(lrs.length);
        for (int g = 0; g < lrs.length; g++) {
            groups.get(g).setLr(lrs[g]);
            applied.add(lrs[g]);
        }
        lastLr = Collections.unmodifiableList(applied);
    }

    /** The learning rates last set, one per parameter group. */
    public List<Double> getLastLr() {
        return lastLr;
    }

    /** The number of steps taken (0 right after construction). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /**
     * The scheduler's position, for checkpoints: {@code last_epoch} (int64). Save it with
     * the optimizer's state dict, which holds the learning rates themselves.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("last_epoch", Torch.tensor(new long[]{lastEpoch}).reshape());
        return out;
    }

    /**
     * Restores the position saved by {@link #stateDict()}; load the optimizer's state dict
     * first, so that the groups hold the saved learning rates.
     */
    public void loadStateDict(Map<String, Tensor> dict) {
        Tensor epoch = dict.get("last_epoch");
        if (epoch == null || epoch.numel() != 1 || epoch.dtype() != DType.INT64) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ".loadStateDict: expected an int64 "
                    + "'last_epoch' entry, got keys " + dict.keySet());
        }
        lastEpoch = (int) epoch.longItem();
        List<Double> lrs = new ArrayList<>();
        for (double lr : currentLrs()) {
            lrs.add(lr);
        }
        lastLr = Collections.unmodifiableList(lrs);
    }

    /** The current learning rates of the optimizer's groups. */
    double[] currentLrs() {
        List<ParamGroup> groups = optimizer.paramGroups();
        double[] out = new double[groups.size()];
        for (int g = 0; g < out.length; g++) {
            out[g] = groups.get(g).lr();
        }
        return out;
    }

    static void requirePositive(String scheduler, String what, double value) {
        if (!(value > 0)) {
            throw new IllegalArgumentException(scheduler + ": " + what + " must be > 0, got " + value);
        }
    }
}
