package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.cpu.VectorMath;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RMSprop, as {@code torch.optim.RMSprop}: divides the gradient by a running root mean
 * square. With {@code g = grad + weight_decay * p}:
 * <pre>
 * s = alpha * s + (1 - alpha) * g * g
 * a = centered ? sqrt(s - ga * ga) + eps, with ga = alpha * ga + (1 - alpha) * g
 *              : sqrt(s) + eps
 * b = momentum * b + g / a;  p = p - lr * b     (momentum > 0)
 * p = p - lr * g / a                            (otherwise)
 * </pre>
 * State buffers: {@code square_avg}, {@code grad_avg} (centered), {@code momentum_buffer}.
 *
 * <pre>{@code
 * var optimizer = new RMSprop(model.parameters(), 0.01);
 * }</pre>
 */
public class RMSprop extends Optimizer {

    /** RMSprop with learning rate {@code lr} and PyTorch's defaults: alpha 0.99, eps 1e-8, no momentum. */
    public RMSprop(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, 0.99, 1e-8, 0, 0, false);
    }

    /** RMSprop with every option of PyTorch's. */
    public RMSprop(Iterable<? extends Tensor> params, double lr, double alpha, double eps, double weightDecay,
                   double momentum, boolean centered) {
        super("RMSprop", params, defaults(lr, alpha, eps, weightDecay, momentum, centered));
    }

    private static Map<String, Object> defaults(double lr, double alpha, double eps, double weightDecay,
                                                double momentum, boolean centered) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("alpha", alpha);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("momentum", momentum);
        d.put("centered", centered);
        return d;
    }

    @Override
    protected void validate(ParamGroup group) {
        requireNonNegative("RMSprop", "learning rate", group.lr());
        requireNonNegative("RMSprop", "epsilon value", group.get("eps"));
        requireNonNegative("RMSprop", "momentum value", group.get("momentum"));
        requireNonNegative("RMSprop", "weight_decay value", group.get("weight_decay"));
        requireNonNegative("RMSprop", "alpha value", group.get("alpha"));
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        float lr = (float) group.lr();
        float alpha = (float) group.get("alpha");
        float w = (float) (1 - group.get("alpha"));
        float eps = (float) group.get("eps");
        float wd = (float) group.get("weight_decay");
        float momentum = (float) group.get("momentum");
        boolean centered = group.flag("centered");
        state.incrementStep();
        DenseFloats p = DenseFloats.of(param);
        DenseFloats g = DenseFloats.of(grad);
        DenseFloats s = DenseFloats.of(state.buffer("square_avg", param, 0));
        DenseFloats ga = centered ? DenseFloats.of(state.buffer("grad_avg", param, 0)) : null;
        DenseFloats b = momentum > 0 ? DenseFloats.of(state.buffer("momentum_buffer", param, 0)) : null;
        VectorMath.rmspropStep(p.a, p.off, g.a, g.off, s.a, s.off, ga == null ? null : ga.a, ga == null ? 0 : ga.off,
                b == null ? null : b.a, b == null ? 0 : b.off, param.numel(), lr, alpha, w, eps, wd, momentum);
        s.commit();
        if (ga != null) {
            ga.commit();
        }
        if (b != null) {
            b.commit();
        }
        p.commit();
    }
}
