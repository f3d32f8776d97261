package dev.jtorch.optim;

import dev.jtorch.Tensor;

/**
 * Adam with decoupled weight decay, as {@code torch.optim.AdamW}: each step first shrinks
 * the parameter, {@code p = p * (1 - lr * weight_decay)}, then applies the Adam update to
 * the plain gradient (see {@link Adam}). The default weight decay is 0.01.
 *
 * <pre>{@code
 * var optimizer = new AdamW(model.parameters(), 1e-3, 0.05);   // lr, weight decay
 * }</pre>
 */
public class AdamW extends Adam {

    /** AdamW with PyTorch's defaults: lr 0.001, betas (0.9, 0.999), eps 1e-8, weight decay 0.01. */
    public AdamW(Iterable<? extends Tensor> params) {
        this(params, 1e-3);
    }

    /** AdamW with learning rate {@code lr} and the other defaults. */
    public AdamW(Iterable<? extends Tensor> params, double lr) {
        this(params, lr, 0.01);
    }

    /** AdamW with learning rate {@code lr} and {@code weightDecay}. */
    public AdamW(Iterable<? extends Tensor> params, double lr, double weightDecay) {
        this(params, lr, 0.9, 0.999, 1e-8, weightDecay, false);
    }

    /** AdamW with every option of PyTorch's. */
    public AdamW(Iterable<? extends Tensor> params, double lr, double beta1, double beta2, double eps,
                 double weightDecay, boolean amsgrad) {
        super("AdamW", params, lr, beta1, beta2, eps, weightDecay, amsgrad, true);
    }
}
