package dev.jtorch.optim;

/**
 * Anneals the learning rate along half a cosine from {@code initial_lr} down to
 * {@code etaMin} over {@code tMax} epochs, as {@code torch.optim.lr_scheduler.CosineAnnealingLR}:
 * {@code lr = etaMin + (initial_lr - etaMin) * (1 + cos(pi * epoch / tMax)) / 2}
 * (and back up again after {@code tMax}, as PyTorch does).
 *
 * <pre>{@code
 * var scheduler = new CosineAnnealingLR(optimizer, 50);   // tMax = 50 epochs
 * }</pre>
 */
public class CosineAnnealingLR extends LRScheduler {
    private final int tMax;
    private final double etaMin;

    /** Anneals to 0 over {@code tMax} epochs. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0);
    }

    /** Anneals to {@code etaMin} over {@code tMax} epochs. */
    public CosineAnnealingLR(Optimizer optimizer, int tMax, double etaMin) {
        super(optimizer);
        requirePositive("CosineAnnealingLR", "tMax", tMax);
        this.tMax = tMax;
        this.etaMin = etaMin;
        step();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        if (lastEpoch == 0) {
            return lrs;
        }
        for (int g = 0; g < lrs.length; g++) {
            if ((lastEpoch - 1 - tMax) % (2 * tMax) == 0) {
                lrs[g] += (baseLrs[g] - etaMin) * (1 - Math.cos(Math.PI / tMax)) / 2;
            } else {
                lrs[g] = (1 + Math.cos(Math.PI * lastEpoch / tMax)) / (1 + Math.cos(Math.PI * (lastEpoch - 1) / tMax))
                        * (lrs[g] - etaMin) + etaMin;
            }
        }
        return lrs;
    }
}
