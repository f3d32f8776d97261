package dev.jtorch.optim;

import dev.jtorch.Tensor;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Each scheduler's learning-rate sequence against its closed form. */
class LRSchedulerTest {

    static SGD sgd(double lr) {
        Tensor p = tensor(new double[]{1, 2}).requiresGrad_(true);
        return new SGD(List.of(p), lr, 0.9);
    }

    /** The lr after construction and after each of {@code steps} steps. */
    static List<Double> sequence(LRScheduler scheduler, Optimizer opt, int steps) {
        List<Double> lrs = new ArrayList<>();
        lrs.add(opt.paramGroups().get(0).lr());
        for (int i = 0; i < steps; i++) {
            scheduler.step();
            lrs.add(scheduler.getLastLr().get(0));
            assertEquals(scheduler.getLastLr().get(0), opt.paramGroups().get(0).lr());
        }
        return lrs;
    }

    static void assertSequence(List<Double> expected, List<Double> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), 1e-12 * Math.max(1, expected.get(i)), "epoch " + i);
        }
    }

    @Test
    void stepLrDecaysEveryStepSizeEpochs() {
        SGD opt = sgd(0.5);
        var lrs = sequence(new StepLR(opt, 3, 0.1), opt, 10);
        List<Double> want = new ArrayList<>();
        for (int e = 0; e <= 10; e++) {
            want.add(0.5 * Math.pow(0.1, e / 3));
        }
        assertSequence(want, lrs);
    }

    @Test
    void multiStepLrDecaysAtMilestones() {
        SGD opt = sgd(1.0);
        var lrs = sequence(new MultiStepLR(opt, new int[]{5, 2}, 0.5), opt, 8);
        List<Double> want = new ArrayList<>();
        for (int e = 0; e <= 8; e++) {
            want.add(Math.pow(0.5, (e >= 2 ? 1 : 0) + (e >= 5 ? 1 : 0)));
        }
        assertSequence(want, lrs);
    }

    @Test
    void exponentialLrDecaysEveryEpoch() {
        SGD opt = sgd(0.2);
        var lrs = sequence(new ExponentialLR(opt, 0.9), opt, 12);
        List<Double> want = new ArrayList<>();
        for (int e = 0; e <= 12; e++) {
            want.add(0.2 * Math.pow(0.9, e));
        }
        assertSequence(want, lrs);
    }

    @Test
    void cosineAnnealingFollowsHalfACosineAndComesBack() {
        double base = 0.1, etaMin = 0.001;
        int tMax = 10;
        SGD opt = sgd(base);
        var lrs = sequence(new CosineAnnealingLR(opt, tMax, etaMin), opt, 25);
        List<Double> want = new ArrayList<>();
        for (int e = 0; e <= 25; e++) {
            want.add(etaMin + (base - etaMin) * (1 + Math.cos(Math.PI * e / tMax)) / 2);
        }
        assertSequence(want, lrs);
    }

    @Test
    void reduceOnPlateauWaitsForPatienceThenCoolsDown() {
        SGD opt = sgd(1.0);
        var scheduler = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 2, 1e-4,
                ReduceLROnPlateau.ThresholdMode.REL, 1, 0.2, 1e-8);
        double[] losses = {5, 4, 4, 4, 4, 4, 4, 4, 4, 3, 3, 3, 3, 3, 3};
        List<Double> got = new ArrayList<>();
        for (double loss : losses) {
            scheduler.step(loss);
            got.add(scheduler.getLastLr().get(0));
        }
        // Simulates the rule: bad epochs count after the best; more than 2 halves the lr (not
        // below 0.2); then one cooldown epoch during which bad epochs are not counted.
        List<Double> want = new ArrayList<>();
        double lr = 1.0, best = Double.POSITIVE_INFINITY;
        int bad = 0, cool = 0;
        for (double loss : losses) {
            if (loss < best * (1 - 1e-4)) {
                best = loss;
                bad = 0;
            } else {
                bad++;
            }
            if (cool > 0) {
                cool--;
                bad = 0;
            }
            if (bad > 2) {
                lr = Math.max(lr * 0.5, 0.2);
                cool = 1;
                bad = 0;
            }
            want.add(lr);
        }
        assertSequence(want, got);
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25, 0.2, 0.2, 0.2), got);
    }

    @Test
    void oneCycleClimbsThenAnnealsAndCyclesMomentum() {
        double maxLr = 0.1, div = 25, finalDiv = 1e4, pct = 0.3;
        int total = 20;
        SGD opt = sgd(0.5);
        var scheduler = new OneCycleLR(opt, maxLr, total);
        List<Double> lrs = new ArrayList<>();
        List<Double> momenta = new ArrayList<>();
        lrs.add(opt.paramGroups().get(0).lr());
        momenta.add(opt.paramGroups().get(0).get("momentum"));
        for (int i = 0; i < total - 1; i++) {
            scheduler.step();
            lrs.add(scheduler.getLastLr().get(0));
            momenta.add(opt.paramGroups().get(0).get("momentum"));
        }
        double initial = maxLr / div, min = initial / finalDiv;
        double end1 = pct * total - 1, end2 = total - 1;
        for (int s = 0; s < total; s++) {
            double lr, mom;
            if (s <= end1) {
                double f = s / end1;
                lr = cosAnneal(initial, maxLr, f);
                mom = cosAnneal(0.95, 0.85, f);
            } else {
                double f = (s - end1) / (end2 - end1);
                lr = cosAnneal(maxLr, min, f);
                mom = cosAnneal(0.85, 0.95, f);
            }
            assertEquals(lr, lrs.get(s), 1e-12, "lr at step " + s);
            assertEquals(mom, momenta.get(s), 1e-12, "momentum at step " + s);
        }
        scheduler.step();
        assertThrows(IllegalStateException.class, scheduler::step);
    }

    @Test
    void oneCycleCyclesAdamsBeta1() {
        Tensor p = tensor(new double[]{1}).requiresGrad_(true);
        Adam opt = new Adam(List.of(p), 0.01);
        var scheduler = new OneCycleLR(opt, 0.01, 10);
        assertEquals(0.95, opt.paramGroups().get(0).get("beta1"));
        scheduler.step();
        assertEquals(cosAnneal(0.95, 0.85, 1 / 2.0), opt.paramGroups().get(0).get("beta1"), 1e-12);
    }

    @Test
    void aSchedulerResumedFromItsStateDictContinuesTheSequence() {
        SGD opt = sgd(0.8);
        CosineAnnealingLR scheduler = new CosineAnnealingLR(opt, 6, 0.05);
        for (int i = 0; i < 4; i++) {
            scheduler.step();
        }
        var optimizerState = opt.stateDict();
        var schedulerState = scheduler.stateDict();
        List<Double> rest = sequence(scheduler, opt, 5).subList(1, 6);

        SGD opt2 = sgd(0.8);
        CosineAnnealingLR resumed = new CosineAnnealingLR(opt2, 6, 0.05);
        opt2.loadStateDict(optimizerState);
        resumed.loadStateDict(schedulerState);
        assertEquals(4, resumed.lastEpoch());
        List<Double> again = sequence(resumed, opt2, 5).subList(1, 6);
        for (int i = 0; i < 5; i++) {
            assertEquals(rest.get(i), again.get(i), 1e-7 * rest.get(i), "step " + i);
        }
    }

    @Test
    void reduceOnPlateauResumesItsCountersFromAStateDict() {
        SGD opt = sgd(1.0);
        var scheduler = new ReduceLROnPlateau(opt, ReduceLROnPlateau.Mode.MIN, 0.5, 2);
        for (double loss : new double[]{3, 2, 2, 2}) {
            scheduler.step(loss);                 // two bad epochs so far
        }
        SGD opt2 = sgd(1.0);
        var resumed = new ReduceLROnPlateau(opt2, ReduceLROnPlateau.Mode.MIN, 0.5, 2);
        resumed.loadStateDict(scheduler.stateDict());
        assertEquals(2.0, resumed.best());
        resumed.step(2);                          // the third bad epoch exceeds the patience
        assertEquals(List.of(0.5), resumed.getLastLr());
    }

    static double cosAnneal(double start, double end, double pct) {
        return end + (start - end) / 2 * (Math.cos(Math.PI * pct) + 1);
    }
}
