package dev.jtorch.optim;

/**
 * The one-cycle policy, as {@code torch.optim.lr_scheduler.OneCycleLR}: the learning rate
 * climbs from {@code maxLr / divFactor} to {@code maxLr} over the first {@code pctStart} of
 * {@code totalSteps}, then anneals down to {@code maxLr / divFactor / finalDivFactor}; the
 * momentum (SGD's {@code momentum}, Adam's {@code beta1}) moves the opposite way between
 * {@code maxMomentum} and {@code baseMomentum}. Call {@link #step()} after every batch.
 *
 * <pre>{@code
 * var scheduler = new OneCycleLR(optimizer, 0.1, epochs * loader.size());
 * }</pre>
 */
public class OneCycleLR extends LRScheduler {
    /** How the rate moves within a phase. */
    public enum Anneal { COS, LINEAR }

    private record Phase(double endStep, String startLr, String endLr, String startMomentum, String endMomentum) {
    }

    private final int totalSteps;
    private final Anneal anneal;
    private final boolean cycleMomentum;
    private final String momentumKey;
    private final Phase[] phases;

    /** One cycle peaking at {@code maxLr} over {@code totalSteps}, with PyTorch's defaults for the rest. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps) {
        this(optimizer, maxLr, totalSteps, 0.3, Anneal.COS, true, 0.85, 0.95, 25, 1e4, false);
    }

    /** One cycle with every option of PyTorch's. */
    public OneCycleLR(Optimizer optimizer, double maxLr, int totalSteps, double pctStart, Anneal anneal,
                      boolean cycleMomentum, double baseMomentum, double maxMomentum, double divFactor,
                      double finalDivFactor, boolean threePhase) {
        super(optimizer);
        requirePositive("OneCycleLR", "totalSteps", totalSteps);
        if (!(pctStart >= 0 && pctStart <= 1)) {
            throw new IllegalArgumentException("OneCycleLR: expected pctStart between 0 and 1, got " + pctStart);
        }
        this.totalSteps = totalSteps;
        this.anneal = anneal;
        this.cycleMomentum = cycleMomentum;
        if (threePhase) {
            phases = new Phase[]{
                    new Phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(2 * pctStart * totalSteps - 2, "max_lr", "initial_lr", "base_momentum", "max_momentum"),
                    new Phase(totalSteps - 1, "initial_lr", "min_lr", "max_momentum", "max_momentum")};
        } else {
            phases = new Phase[]{
                    new Phase(pctStart * totalSteps - 1, "initial_lr", "max_lr", "max_momentum", "base_momentum"),
                    new Phase(totalSteps - 1, "max_lr", "min_lr", "base_momentum", "max_momentum")};
        }
        ParamGroup first = optimizer.paramGroups().get(0);
        momentumKey = first.has("beta1") ? "beta1" : first.has("momentum") ? "momentum" : null;
        if (cycleMomentum && momentumKey == null) {
            throw new IllegalArgumentException("OneCycleLR: the optimizer has no momentum nor beta1 to cycle; "
                    + "pass cycleMomentum = false");
        }
        for (int g = 0; g < baseLrs.length; g++) {
            ParamGroup group = optimizer.paramGroups().get(g);
            double initialLr = maxLr / divFactor;
            group.set("initial_lr", initialLr);
            group.set("max_lr", maxLr);
            group.set("min_lr", initialLr / finalDivFactor);
            baseLrs[g] = initialLr;
            if (cycleMomentum) {
                group.set(momentumKey, maxMomentum);
                group.set("max_momentum", maxMomentum);
                group.set("base_momentum", baseMomentum);
            }
        }
        step();
    }

    @Override
    protected double[] computeLr() {
        if (lastEpoch > totalSteps) {
            throw new IllegalStateException("OneCycleLR: tried to step " + lastEpoch + " times; the specified number of "
                    + "total steps is " + totalSteps + " (make totalSteps epochs * batches per epoch)");
        }
        double[] lrs = new double[baseLrs.length];
        for (int g = 0; g < lrs.length; g++) {
            ParamGroup group = optimizer.paramGroups().get(g);
            double startStep = 0;
            for (int i = 0; i < phases.length; i++) {
                Phase phase = phases[i];
                if (lastEpoch <= phase.endStep() || i == phases.length - 1) {
                    double pct = (lastEpoch - startStep) / (phase.endStep() - startStep);
                    lrs[g] = anneal(group.get(phase.startLr()), group.get(phase.endLr()), pct);
                    if (cycleMomentum) {
                        group.set(momentumKey, anneal(group.get(phase.startMomentum()), group.get(phase.endMomentum()), pct));
                    }
                    break;
                }
                startStep = phase.endStep();
            }
        }
        return lrs;
    }

    private double anneal(double start, double end, double pct) {
        return anneal == Anneal.COS
                ? end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1)
                : (end - start) * pct + start;
    }
}
