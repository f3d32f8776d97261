package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.cpu.VectorMath;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam, as {@code torch.optim.Adam}: per-parameter step sizes from running averages of the
 * gradient and of its square, with bias correction. At step {@code t}, with
 * {@code g = grad + weight_decay * p}:
 * <pre>
 * m = beta1 * m + (1 - beta1) * g
 * v = beta2 * v + (1 - beta2) * g * g
 * vmax = max(vmax, v)                    (amsgrad only; then v below is vmax)
 * p = p - lr / (1 - beta1^t) * m / (sqrt(v) / sqrt(1 - beta2^t) + eps)
 * </pre>
 * State buffers: {@code exp_avg} (m), {@code exp_avg_sq} (v), {@code max_exp_avg_sq}.
 *
 * <pre>{@code
 * var optimizer = new Adam(model.parameters(), 1e-3);
 * }</pre>
 */
public class Adam extends Optimizer {
    private final boolean decoupledWeightDecay;

    /** Adam with PyTorch's defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8. */
    public Adam(Iterable<? extends Tensor> params) {
        this(params, 1e-3);
    }

    /** Adam with learning rate {@code lr} and the other defaults. */
    public Adam(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, 0.9, 0.999, 1e-8, 0, false);
    }

    /** Adam with every option of PyTorch's ({@code betas} is {@code beta1, beta2}). */
    public Adam(Iterable<? extends Tensor> params, double lr, double beta1, double beta2, double eps,
                double weightDecay, boolean amsgrad) {
        this("Adam", params, lr, beta1, beta2, eps, weightDecay, amsgrad, false);
    }

    Adam(String name, Iterable<? extends Tensor> params, double lr, double beta1, double beta2, double eps,
         double weightDecay, boolean amsgrad, boolean decoupledWeightDecay) {
        super(name, params, defaults(lr, beta1, beta2, eps, weightDecay, amsgrad));
        this.decoupledWeightDecay = decoupledWeightDecay;
    }

    private static Map<String, Object> defaults(double lr, double beta1, double beta2, double eps,
                                                double weightDecay, boolean amsgrad) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("beta1", beta1);
        d.put("beta2", beta2);
        d.put("eps", eps);
        d.put("weight_decay", weightDecay);
        d.put("amsgrad", amsgrad);
        return d;
    }

    @Override
    protected void validate(ParamGroup group) {
        String name = getClass().getSimpleName();
        requireNonNegative(name, "learning rate", group.lr());
        requireNonNegative(name, "epsilon value", group.get("eps"));
        requireBeta(name, "beta parameter at index 0:", group.get("beta1"));
        requireBeta(name, "beta parameter at index 1:", group.get("beta2"));
        requireNonNegative(name, "weight_decay value", group.get("weight_decay"));
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        double lr = group.lr();
        double beta1 = group.get("beta1");
        double beta2 = group.get("beta2");
        float eps = (float) group.get("eps");
        double weightDecay = group.get("weight_decay");
        boolean amsgrad = group.flag("amsgrad");
        long t = state.incrementStep();
        DenseFloats p = DenseFloats.of(param);
        DenseFloats g = DenseFloats.of(grad);
        DenseFloats m = DenseFloats.of(state.buffer("exp_avg", param, 0));
        DenseFloats v = DenseFloats.of(state.buffer("exp_avg_sq", param, 0));
        DenseFloats vMax = amsgrad ? DenseFloats.of(state.buffer("max_exp_avg_sq", param, 0)) : null;

        // AdamW shrinks the parameter itself; Adam adds the decay to the gradient (L2).
        float shrink = decoupledWeightDecay ? (float) (1 - lr * weightDecay) : 1f;
        float l2 = decoupledWeightDecay ? 0f : (float) weightDecay;
        float w1 = (float) (1 - beta1);
        float b2 = (float) beta2;
        float w2 = (float) (1 - beta2);
        float stepSize = (float) (lr / (1 - Math.pow(beta1, t)));
        float bc2Sqrt = (float) Math.sqrt(1 - Math.pow(beta2, t));

        VectorMath.adamStep(p.a, p.off, g.a, g.off, m.a, m.off, v.a, v.off, vMax == null ? null : vMax.a,
                vMax == null ? 0 : vMax.off, param.numel(), shrink, l2, w1, b2, w2, stepSize, bc2Sqrt, eps);
        m.commit();
        v.commit();
        if (vMax != null) {
            vMax.commit();
        }
        p.commit();
    }
}
