package dev.jtorch.optim;

import java.util.Arrays;

/**
 * Multiplies the learning rate by {@code gamma} at each milestone epoch, as
 * {@code torch.optim.lr_scheduler.MultiStepLR}:
 * {@code lr = initial_lr * gamma^(number of milestones <= epoch)}.
 *
 * <pre>{@code
 * var scheduler = new MultiStepLR(optimizer, new int[]{30, 80}, 0.1);
 * }</pre>
 */
public class MultiStepLR extends LRScheduler {
    private final int[] milestones;
    private final double gamma;

    /** Decays by {@code gamma} at each of {@code milestones} (a milestone listed twice decays twice). */
    public MultiStepLR(Optimizer optimizer, int[] milestones, double gamma) {
        super(optimizer);
        this.milestones = milestones.clone();
        Arrays.sort(this.milestones);
        this.gamma = gamma;
        step();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        int hits = 0;
        for (int m : milestones) {
            if (m == lastEpoch) {
                hits++;
            }
        }
        if (hits > 0) {
            double factor = Math.pow(gamma, hits);
            for (int g = 0; g < lrs.length; g++) {
                lrs[g] *= factor;
            }
        }
        return lrs;
    }
}
