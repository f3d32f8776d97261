package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Lowers the learning rate when a metric has stopped improving, as
 * {@code torch.optim.lr_scheduler.ReduceLROnPlateau}. After more than {@code patience}
 * epochs without improvement (by more than {@code threshold}, relative or absolute), every
 * group's lr becomes {@code max(lr * factor, minLr)}, then {@code cooldown} epochs pass
 * before bad epochs count again.
 *
 * <pre>{@code
 * var scheduler = new ReduceLROnPlateau(optimizer);   // mode min, factor 0.1, patience 10
 * for (int epoch = 0; epoch < 100; epoch++) {
 *     double validationLoss = evaluate();
 *     scheduler.step(validationLoss);
 * }
 * }</pre>
 */
public class ReduceLROnPlateau {
    /** Whether lower or higher values of the metric are better. */
    public enum Mode { MIN, MAX }

    /** Whether {@code threshold} is a fraction of the best value or an absolute amount. */
    public enum ThresholdMode { REL, ABS }

    private final Optimizer optimizer;
    private final Mode mode;
    private final double factor;
    private final int patience;
    private final double threshold;
    private final ThresholdMode thresholdMode;
    private final int cooldown;
    private final double minLr;
    private final double eps;
    private double best;
    private int numBadEpochs;
    private int cooldownCounter;
    private int lastEpoch;
    private List<Double> lastLr;

    /** PyTorch's defaults: mode MIN, factor 0.1, patience 10, threshold 1e-4 relative, no cooldown, minLr 0. */
    public ReduceLROnPlateau(Optimizer optimizer) {
        this(optimizer, Mode.MIN, 0.1, 10);
    }

    /** A scheduler with the given mode, factor and patience, and PyTorch's other defaults. */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience) {
        this(optimizer, mode, factor, patience, 1e-4, ThresholdMode.REL, 0, 0, 1e-8);
    }

    /** A scheduler with every option of PyTorch's ({@code eps}: smaller lr changes are skipped). */
    public ReduceLROnPlateau(Optimizer optimizer, Mode mode, double factor, int patience, double threshold,
                             ThresholdMode thresholdMode, int cooldown, double minLr, double eps) {
        if (!(factor < 1)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor should be < 1.0, got " + factor);
        }
        this.optimizer = optimizer;
        this.mode = mode;
        this.factor = factor;
        this.patience = patience;
        this.threshold = threshold;
        this.thresholdMode = thresholdMode;
        this.cooldown = cooldown;
        this.minLr = minLr;
        this.eps = eps;
        this.best = mode == Mode.MIN ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        this.lastLr = currentLrs();
    }

    /** Records one epoch's {@code metric} and lowers the learning rates if it has plateaued. */
    public void step(double metric) {
        lastEpoch++;
        if (isBetter(metric)) {
            best = metric;
            numBadEpochs = 0;
        } else {
            numBadEpochs++;
        }
        if (cooldownCounter > 0) {
            cooldownCounter--;
            numBadEpochs = 0;
        }
        if (numBadEpochs > patience) {
            for (ParamGroup group : optimizer.paramGroups()) {
                double oldLr = group.lr();
                double newLr = Math.max(oldLr * factor, minLr);
                if (oldLr - newLr > eps) {
                    group.setLr(newLr);
                }
            }
            cooldownCounter = cooldown;
            numBadEpochs = 0;
        }
        lastLr = currentLrs();
    }

    private boolean isBetter(double a) {
        return switch (mode) {
            case MIN -> thresholdMode == ThresholdMode.REL ? a < best * (1 - threshold) : a < best - threshold;
            case MAX -> thresholdMode == ThresholdMode.REL ? a > best * (threshold + 1) : a > best + threshold;
        };
    }

    private List<Double> currentLrs() {
        List<Double> lrs = new ArrayList<>();
        for (ParamGroup group : optimizer.paramGroups()) {
            lrs.add(group.lr());
        }
        return Collections.unmodifiableList(lrs);
    }

    /** The learning rates after the last step, one per parameter group. */
    public List<Double> getLastLr() {
        return lastLr;
    }

    /** The scheduler's counters, for checkpoints: {@code best}, {@code num_bad_epochs}, {@code cooldown_counter}, {@code last_epoch}. */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        out.put("best", Torch.scalar(best));
        out.put("num_bad_epochs", Torch.tensor(new long[]{numBadEpochs}).reshape());
        out.put("cooldown_counter", Torch.tensor(new long[]{cooldownCounter}).reshape());
        out.put("last_epoch", Torch.tensor(new long[]{lastEpoch}).reshape());
        return out;
    }

    /** Restores the counters saved by {@link #stateDict()} (load the optimizer's state dict too). */
    public void loadStateDict(Map<String, Tensor> dict) {
        for (String key : List.of("best", "num_bad_epochs", "cooldown_counter", "last_epoch")) {
            if (dict.get(key) == null || dict.get(key).numel() != 1) {
                throw new IllegalArgumentException("ReduceLROnPlateau.loadStateDict: expected a one-value '" + key
                        + "' entry, got keys " + dict.keySet());
            }
        }
        best = dict.get("best").item();
        numBadEpochs = (int) dict.get("num_bad_epochs").longItem();
        cooldownCounter = (int) dict.get("cooldown_counter").longItem();
        lastEpoch = (int) dict.get("last_epoch").longItem();
        lastLr = currentLrs();
    }

    /** The best metric seen so far. */
    public double best() {
        return best;
    }

    /** The number of steps taken. */
    public int lastEpoch() {
        return lastEpoch;
    }
}
