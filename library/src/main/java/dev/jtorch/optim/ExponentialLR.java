package dev.jtorch.optim;

/**
 * Multiplies the learning rate by {@code gamma} every epoch, as
 * {@code torch.optim.lr_scheduler.ExponentialLR}: {@code lr = initial_lr * gamma^epoch}.
 *
 * <pre>{@code
 * var scheduler = new ExponentialLR(optimizer, 0.95);
 * }</pre>
 */
public class ExponentialLR extends LRScheduler {
    private final double gamma;

    /** Decays by {@code gamma} each epoch. */
    public ExponentialLR(Optimizer optimizer, double gamma) {
        super(optimizer);
        this.gamma = gamma;
        step();
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        if (lastEpoch != 0) {
            for (int g = 0; g < lrs.length; g++) {
                lrs[g] *= gamma;
            }
        }
        return lrs;
    }
}
