package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.cpu.VectorMath;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adagrad, as {@code torch.optim.Adagrad}: step sizes shrink with the sum of squared
 * gradients seen so far. At step {@code t}, with {@code g = grad + weight_decay * p}:
 * <pre>
 * clr = lr / (1 + (t - 1) * lr_decay)
 * sum = sum + g * g
 * p = p - clr * g / (sqrt(sum) + eps)
 * </pre>
 * State buffer: {@code sum}, starting at {@code initial_accumulator_value}.
 *
 * <pre>{@code
 * var optimizer = new Adagrad(model.parameters(), 0.01);
 * }</pre>
 */
public class Adagrad extends Optimizer {

    /** Adagrad with learning rate {@code lr} and PyTorch's defaults: no decay, eps 1e-10. */
    public Adagrad(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, 0, 0, 0, 1e-10);
    }

    /** Adagrad with every option of PyTorch's. */
    public Adagrad(Iterable<? extends Tensor> params, double lr, double lrDecay, double weightDecay,
                   double initialAccumulatorValue, double eps) {
        super("Adagrad", params, defaults(lr, lrDecay, weightDecay, initialAccumulatorValue, eps));
    }

    private static Map<String, Object> defaults(double lr, double lrDecay, double weightDecay,
                                                double initialAccumulatorValue, double eps) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("lr_decay", lrDecay);
        d.put("weight_decay", weightDecay);
        d.put("initial_accumulator_value", initialAccumulatorValue);
        d.put("eps", eps);
        return d;
    }

    @Override
    protected void validate(ParamGroup group) {
        requireNonNegative("Adagrad", "learning rate", group.lr());
        requireNonNegative("Adagrad", "lr_decay value", group.get("lr_decay"));
        requireNonNegative("Adagrad", "weight_decay value", group.get("weight_decay"));
        requireNonNegative("Adagrad", "initial_accumulator_value", group.get("initial_accumulator_value"));
        requireNonNegative("Adagrad", "epsilon value", group.get("eps"));
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        long t = state.incrementStep();
        float clr = (float) (group.lr() / (1 + (t - 1) * group.get("lr_decay")));
        float wd = (float) group.get("weight_decay");
        float eps = (float) group.get("eps");
        DenseFloats p = DenseFloats.of(param);
        DenseFloats g = DenseFloats.of(grad);
        DenseFloats s = DenseFloats.of(state.buffer("sum", param, group.get("initial_accumulator_value")));
        VectorMath.adagradStep(p.a, p.off, g.a, g.off, s.a, s.off, param.numel(), clr, wd, eps);
        s.commit();
        p.commit();
    }
}
