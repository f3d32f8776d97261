package dev.jtorch.optim;

import dev.jtorch.Tensor;
import dev.jtorch.cpu.VectorMath;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stochastic gradient descent with optional momentum, dampening, Nesterov momentum and
 * weight decay, as {@code torch.optim.SGD}. For each parameter {@code p} with gradient
 * {@code g}:
 * <pre>
 * d = g + weight_decay * p
 * b = d                                   on the first step (with momentum)
 * b = momentum * b + (1 - dampening) * d  afterwards
 * d = nesterov ? d + momentum * b : b
 * p = p - lr * d
 * </pre>
 *
 * <pre>{@code
 * var optimizer = new SGD(model.parameters(), 0.01, 0.9);   // lr, momentum
 * }</pre>
 */
public class SGD extends Optimizer {

    /** Plain SGD with learning rate {@code lr}. */
    public SGD(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, 0);
    }

    /** SGD with learning rate {@code lr} and {@code momentum}. */
    public SGD(Iterable<? extends Tensor> params, double lr, double momentum) {
        this(params, lr, momentum, 0, 0, false);
    }

    /** SGD with every option of PyTorch's. Nesterov needs momentum and zero dampening. */
    public SGD(Iterable<? extends Tensor> params, double lr, double momentum, double dampening,
               double weightDecay, boolean nesterov) {
        super("SGD", params, defaults(lr, momentum, dampening, weightDecay, nesterov));
    }

    private static Map<String, Object> defaults(double lr, double momentum, double dampening,
                                                double weightDecay, boolean nesterov) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("lr", lr);
        d.put("momentum", momentum);
        d.put("dampening", dampening);
        d.put("weight_decay", weightDecay);
        d.put("nesterov", nesterov);
        return d;
    }

    @Override
    protected void validate(ParamGroup group) {
        requireNonNegative("SGD", "learning rate", group.lr());
        requireNonNegative("SGD", "momentum value", group.get("momentum"));
        requireNonNegative("SGD", "weight_decay value", group.get("weight_decay"));
        if (group.flag("nesterov") && (group.get("momentum") <= 0 || group.get("dampening") != 0)) {
            throw new IllegalArgumentException("SGD: Nesterov momentum requires a momentum and zero dampening (got momentum "
                    + group.get("momentum") + ", dampening " + group.get("dampening") + ")");
        }
    }

    @Override
    protected void update(ParamGroup group, Tensor param, Tensor grad, ParamState state) {
        float lr = (float) group.lr();
        float momentum = (float) group.get("momentum");
        float dampening = (float) group.get("dampening");
        float wd = (float) group.get("weight_decay");
        boolean nesterov = group.flag("nesterov");
        int n = param.numel();
        state.incrementStep();
        DenseFloats p = DenseFloats.of(param);
        DenseFloats g = DenseFloats.of(grad);
        float[] pa = p.a;
        float[] ga = g.a;
        int po = p.off;
        int go = g.off;
        if (momentum == 0 && wd == 0) {
            VectorMath.axpy(-lr, ga, go, pa, po, n);
        } else if (momentum == 0) {
            for (int i = 0; i < n; i++) {
                float d = ga[go + i] + wd * pa[po + i];
                pa[po + i] -= lr * d;
            }
        } else {
            boolean first = state.buffer("momentum_buffer") == null;
            DenseFloats b = DenseFloats.of(state.buffer("momentum_buffer", param, 0));
            VectorMath.momentumStep(pa, po, ga, go, b.a, b.off, n, lr, wd, momentum, dampening, nesterov, first);
            b.commit();
        }
        p.commit();
    }
}
