package dev.jtorch.optim;

/**
 * Multiplies the learning rate by {@code gamma} every {@code stepSize} epochs, as
 * {@code torch.optim.lr_scheduler.StepLR}: {@code lr = initial_lr * gamma^floor(epoch / stepSize)}.
 *
 * <pre>{@code
 * var scheduler = new StepLR(optimizer, 30, 0.1);   // 0.05 for epochs 0-29, 0.005 for 30-59, ...
 * }</pre>
 */
public class StepLR extends LRScheduler {
    private final int stepSize;
    private final double gamma;

    /** Decays by {@code gamma} every {@code stepSize} epochs. */
    public StepLR(Optimizer optimizer, int stepSize, double gamma) {
        super(optimizer);
        requirePositive("StepLR", "stepSize", stepSize);
        this.stepSize = stepSize;
        this.gamma = gamma;
        step();
    }

    /** Decays by 0.1 every {@code stepSize} epochs. */
    public StepLR(Optimizer optimizer, int stepSize) {
        this(optimizer, stepSize, 0.1);
    }

    @Override
    protected double[] computeLr() {
        double[] lrs = currentLrs();
        if (lastEpoch != 0 && lastEpoch % stepSize == 0) {
            for (int g = 0; g < lrs.length; g++) {
                lrs[g] *= gamma;
            }
        }
        return lrs;
    }
}
