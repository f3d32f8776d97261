package dev.jtorch;

import java.util.Arrays;

/**
 * An n-dimensional array of float32 (default), int64 or bool values with dynamic autograd,
 * shaped like {@code torch.Tensor}. A tensor is a view: a storage array plus an offset,
 * a shape and strides; {@link #view}, {@link #transpose}, {@link #narrow} and the other view
 * ops share storage with their source.
 *
 * <p>Names are PyTorch's in lowerCamelCase; in-place ops end in {@code _}. Java has no
 * operator overloading, so {@code a + b * 2} is {@code a.add(b.mul(2))}. Binary ops
 * broadcast as NumPy does.
 *
 * <pre>{@code
 * var x = tensor(new float[][]{{1, 2}, {3, 4}}).requiresGrad_(true);
 * var y = x.matmul(x.t()).add(1).sum();
 * y.backward();
 * System.out.println(x.grad());   // tensor([[ 8., 12.], [ 8., 12.]]) laid out like PyTorch
 * }</pre>
 */
public class Tensor {

    final Storage storage;
    final int offset;
    final int[] shape;
    final int[] stride;
    final DType dtype;

    private boolean requiresGrad;
    GradFn gradFn;
    private Tensor grad;

    Tensor(Storage storage, int offset, int[] shape, int[] stride, DType dtype) {
        this.storage = storage;
        this.offset = offset;
        this.shape = shape;
        this.stride = stride;
        this.dtype = dtype;
    }

    /**
     * A tensor sharing {@code data}'s storage and layout, for subclasses such as
     * {@code dev.jtorch.nn.Parameter}. It starts as a leaf without gradient.
     */
    protected Tensor(Tensor data) {
        this(data.storage, data.offset, data.shape, data.stride, data.dtype);
    }

    /** A new contiguous tensor over {@code data} (not copied). */
    static Tensor of(float[] data, int... shape) {
        return new Tensor(Storage.of(data), 0, shape, Shapes.contiguousStrides(shape), DType.FLOAT32);
    }

    static Tensor of(long[] data, int... shape) {
        return new Tensor(Storage.of(data), 0, shape, Shapes.contiguousStrides(shape), DType.INT64);
    }

    static Tensor of(boolean[] data, int... shape) {
        return new Tensor(Storage.of(data), 0, shape, Shapes.contiguousStrides(shape), DType.BOOL);
    }

    static Tensor empty(DType dtype, int... shape) {
        return new Tensor(Storage.allocate(dtype, Shapes.numel(shape)), 0, shape, Shapes.contiguousStrides(shape), dtype);
    }

    // ---------------------------------------------------------------- metadata

    /** The sizes of each dimension (a copy). */
    public int[] shape() {
        return shape.clone();
    }

    /** Same as {@link #shape()}, for PyTorch's {@code x.size()}. */
    public int[] size() {
        return shape.clone();
    }

    /** The size of dimension {@code dim} (negative counts from the end). */
    public int size(int dim) {
        return shape[Shapes.dim("size", dim, shape.length)];
    }

    /** The strides of each dimension, in elements (a copy). */
    public int[] stride() {
        return stride.clone();
    }

    /** The number of dimensions. */
    public int dim() {
        return shape.length;
    }

    /** The number of elements. */
    public int numel() {
        return Shapes.numel(shape);
    }

    /** The element type. */
    public DType dtype() {
        return dtype;
    }

    /** Always {@link Device#CPU}. */
    public Device device() {
        return Device.CPU;
    }

    /** Moves the tensor to {@code device}: the CPU is the only backend, so this returns the tensor itself. */
    public Tensor to(Device device) {
        device.requireAvailable();
        return this;
    }

    /** Whether elements are laid out row-major without gaps. */
    public boolean isContiguous() {
        return Shapes.isContiguous(shape, stride);
    }

    // ---------------------------------------------------------------- autograd state

    /** Whether autograd records operations on this tensor. */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /**
     * Sets whether autograd records operations on this leaf tensor, in place; returns it.
     * Only float tensors can require gradients.
     */
    public Tensor requiresGrad_(boolean on) {
        if (on && dtype != DType.FLOAT32) {
            throw new IllegalArgumentException("requiresGrad_: only float32 tensors can require gradients, this one is "
                    + dtype + "; convert it with toFloat() first");
        }
        if (!on && gradFn != null) {
            throw new IllegalStateException("requiresGrad_: you can only change requiresGrad of leaf tensors; "
                    + "use detach() to get a tensor that does not require grad");
        }
        requiresGrad = on;
        return this;
    }

    /** The accumulated gradient of this leaf after {@link #backward()}, or null. */
    public Tensor grad() {
        return grad;
    }

    /** Replaces the gradient (null clears it), as {@code x.grad = g} does. */
    public void setGrad(Tensor g) {
        if (g != null && !Arrays.equals(g.shape, shape)) {
            throw new IllegalArgumentException("setGrad: the gradient has shape " + Shapes.str(g.shape)
                    + " but the tensor has shape " + Shapes.str(shape));
        }
        grad = g;
    }

    /** The backward function that produced this tensor, or null for leaves. */
    public GradFn gradFn() {
        return gradFn;
    }

    /** Whether this tensor is a leaf of the graph (made by the user, not by a recorded op). */
    public boolean isLeaf() {
        return gradFn == null;
    }

    /** A tensor sharing this one's data but cut from the graph. */
    public Tensor detach() {
        return new Tensor(storage, offset, shape, stride, dtype);
    }

    /** Computes gradients of this scalar with respect to every leaf that requires grad; frees the graph. */
    public void backward() {
        Autograd.backward(this, null, false, false);
    }

    /** Backward weighted by {@code gradient} (for non-scalar outputs); frees the graph. */
    public void backward(Tensor gradient) {
        Autograd.backward(this, gradient, false, false);
    }

    /** Backward that keeps the graph when {@code retainGraph}, so that it can be walked again. */
    public void backward(Tensor gradient, boolean retainGraph) {
        Autograd.backward(this, gradient, retainGraph, false);
    }

    /** Backward with PyTorch's two flags: keep the graph, and make the gradients differentiable. */
    public void backward(Tensor gradient, boolean retainGraph, boolean createGraph) {
        Autograd.backward(this, gradient, retainGraph || createGraph, createGraph);
    }

    /** Marks a non-leaf result as requiring grad (it has a graph node). */
    void requiresGradFromGraph() {
        requiresGrad = true;
    }

    void accumulateGrad(Tensor g, boolean createGraph, boolean sole) {
        if (createGraph) {
            grad = grad == null ? g : grad.add(g);
        } else if (grad == null && sole && g.dtype == dtype && g.isContiguous() && g.offset == 0
                && g.storage.f != null && g.storage.f.length == g.numel()) {
            // Nothing else refers to g's storage: it becomes the gradient without a copy.
            grad = g.detach();
        } else if (grad == null || grad.requiresGrad()) {
            // A private copy: g may share storage with other gradients or with views.
            grad = grad == null ? g.detach().clone() : grad.add(g).detach();
        } else {
            try (var ignored = new NoGrad(false)) {
                grad.add_(g);
            }
        }
    }

    /**
     * Records {@code out} as the result of differentiable op {@code name} when grad mode is
     * on and an input requires grad. {@code saved} are the tensors whose values backward
     * reads (checked for in-place changes).
     */
    static Tensor record(String name, Tensor out, Tensor[] inputs, Tensor[] saved, GradFn.Backward backward) {
        if (GradMode.checkForward()) {
            Autograd.checkFinite(out, name.replace("Backward0", "").replace("Backward1", ""), "output");
        }
        if (!GradMode.enabled()) {
            return out;
        }
        for (Tensor input : inputs) {
            if (input != null && input.requiresGrad) {
                out.gradFn = new GradFn(name, inputs, saved, backward);
                out.requiresGrad = true;
                return out;
            }
        }
        return out;
    }

    static Tensor record(String name, Tensor out, Tensor[] inputs, GradFn.Backward backward) {
        return record(name, out, inputs, new Tensor[0], backward);
    }

    // ---------------------------------------------------------------- element access

    /** The single value of a one-element tensor, as a float. */
    public float item() {
        if (numel() != 1) {
            throw new IllegalArgumentException("item: only a tensor with one element can be converted to a number, "
                    + "this one has shape " + Shapes.str(shape) + " (" + numel() + " elements)");
        }
        return (float) getFlat(offset);
    }

    /** The single value of a one-element tensor, as a long (for int64 results such as argmax or sum of a mask). */
    public long longItem() {
        if (numel() != 1) {
            throw new IllegalArgumentException("longItem: only a tensor with one element can be converted to a number, "
                    + "this one has shape " + Shapes.str(shape));
        }
        return dtype == DType.INT64 ? storage.l[offset] : (long) getFlat(offset);
    }

    /** The element at {@code index} (one index per dimension), as a float. */
    public float get(int... index) {
        return (float) getFlat(storageIndex("get", index));
    }

    /** Writes {@code value} at {@code index} (one index per dimension), in place. */
    public Tensor set(float value, int... index) {
        checkInPlaceAllowed("set");
        int i = storageIndex("set", index);
        switch (dtype) {
            case FLOAT32 -> storage.f[i] = value;
            case INT64 -> storage.l[i] = (long) value;
            case BOOL -> storage.b[i] = value != 0;
        }
        storage.version++;
        return this;
    }

    private int storageIndex(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": expected " + shape.length + " indices for a tensor of shape "
                    + Shapes.str(shape) + ", got " + index.length);
        }
        int at = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[d] + " is out of bounds for dimension " + d
                        + " with size " + shape[d]);
            }
            at += i * stride[d];
        }
        return at;
    }

    double getFlat(int storageIndex) {
        return switch (dtype) {
            case FLOAT32 -> storage.f[storageIndex];
            case INT64 -> storage.l[storageIndex];
            case BOOL -> storage.b[storageIndex] ? 1 : 0;
        };
    }

    /** All elements in row-major order, converted to float (a copy). */
    public float[] toFloatArray() {
        Tensor c = dtype == DType.FLOAT32 ? contiguous() : toFloat();
        return Arrays.copyOfRange(c.storage.f, c.offset, c.offset + numel());
    }

    /** All elements in row-major order, converted to long (a copy). */
    public long[] toLongArray() {
        Tensor c = toLong().contiguous();
        return Arrays.copyOfRange(c.storage.l, c.offset, c.offset + numel());
    }

    /** All elements in row-major order as booleans, non-zero meaning true (a copy). */
    public boolean[] toBooleanArray() {
        Tensor c = toBool().contiguous();
        return Arrays.copyOfRange(c.storage.b, c.offset, c.offset + numel());
    }

    /** The contiguous float data of this tensor, reading the storage directly when possible (no copy). */
    float[] floatData() {
        requireFloat("this op");
        Tensor c = contiguous();
        if (c.offset == 0 && c.storage.f.length == numel()) {
            return c.storage.f;
        }
        return Arrays.copyOfRange(c.storage.f, c.offset, c.offset + numel());
    }

    void requireFloat(String op) {
        if (dtype != DType.FLOAT32) {
            throw new IllegalArgumentException(op + ": expected a float32 tensor but got " + dtype
                    + " (shape " + Shapes.str(shape) + "); convert it with toFloat()");
        }
    }

    void checkInPlaceAllowed(String op) {
        if (GradMode.enabled() && requiresGrad && gradFn == null) {
            throw new IllegalStateException(op + ": a leaf tensor that requires grad is being used in an in-place "
                    + "operation. Wrap parameter updates in try (var g = noGrad()) { ... }, or use the out-of-place op.");
        }
    }

    // ---------------------------------------------------------------- conversion and copies

    /** A contiguous copy of this tensor as float32 (this tensor itself if already float32). */
    public Tensor toFloat() {
        return dtype == DType.FLOAT32 ? this : Convert.to(this, DType.FLOAT32);
    }

    /** A copy as int64, truncating toward zero (this tensor itself if already int64). */
    public Tensor toLong() {
        return dtype == DType.INT64 ? this : Convert.to(this, DType.INT64);
    }

    /** A copy as bool, non-zero meaning true (this tensor itself if already bool). */
    public Tensor toBool() {
        return dtype == DType.BOOL ? this : Convert.to(this, DType.BOOL);
    }

    /** A copy converted to {@code target} (this tensor itself if already of that type). */
    public Tensor to(DType target) {
        return switch (target) {
            case FLOAT32 -> toFloat();
            case INT64 -> toLong();
            case BOOL -> toBool();
        };
    }

    /** This tensor if contiguous, otherwise a contiguous copy (differentiable). */
    public Tensor contiguous() {
        if (isContiguous()) {
            return this;
        }
        Tensor out = Convert.copy(this);
        return record("CloneBackward0", out, new Tensor[]{this}, g -> new Tensor[]{g});
    }

    /** A contiguous copy with its own storage (differentiable). */
    @Override
    public Tensor clone() {
        Tensor out = Convert.copy(this);
        return record("CloneBackward0", out, new Tensor[]{this}, g -> new Tensor[]{g});
    }

    /** Copies {@code src} (broadcast to this shape) into this tensor, in place. */
    public Tensor copy_(Tensor src) {
        checkInPlaceAllowed("copy_");
        Convert.copyInto(src, this);
        storage.version++;
        return this;
    }

    // ---------------------------------------------------------------- elementwise arithmetic

    /** {@code this + other}, broadcasting. */
    public Tensor add(Tensor other) {
        return Elementwise.add(this, other);
    }

    /** {@code this + value}. */
    public Tensor add(double value) {
        return Elementwise.add(this, Torch.scalar(value));
    }

    /** {@code this + value}; an int64 tensor stays int64, as in PyTorch. */
    public Tensor add(long value) {
        return Elementwise.add(this, integerScalar(value));
    }

    /** {@code this + alpha * other}, broadcasting. */
    public Tensor add(Tensor other, double alpha) {
        return Elementwise.add(this, other.mul(alpha));
    }

    /** {@code this - other}, broadcasting. */
    public Tensor sub(Tensor other) {
        return Elementwise.sub(this, other);
    }

    /** {@code this - value}. */
    public Tensor sub(double value) {
        return Elementwise.add(this, Torch.scalar(-value));
    }

    /** {@code this - value}; an int64 tensor stays int64, as in PyTorch. */
    public Tensor sub(long value) {
        return Elementwise.sub(this, integerScalar(value));
    }

    /** {@code this * other}, broadcasting. */
    public Tensor mul(Tensor other) {
        return Elementwise.mul(this, other);
    }

    /** {@code this * value}. */
    public Tensor mul(double value) {
        return Elementwise.mul(this, Torch.scalar(value));
    }

    /** {@code this * value}; an int64 tensor stays int64, as in PyTorch. */
    public Tensor mul(long value) {
        return Elementwise.mul(this, integerScalar(value));
    }

    /** {@code this / other}, broadcasting. */
    public Tensor div(Tensor other) {
        return Elementwise.div(this, other);
    }

    /** {@code this / value}. */
    public Tensor div(double value) {
        return Elementwise.mul(this, Torch.scalar(1.0 / value));
    }

    /** A 0-d scalar for an integer operand: int64 beside integer tensors, float beside float ones. */
    private Tensor integerScalar(long value) {
        return dtype == DType.FLOAT32 ? Torch.scalar(value) : Tensor.of(new long[]{value});
    }

    /** {@code this ^ exponent}, elementwise. */
    public Tensor pow(double exponent) {
        return Elementwise.powScalar(this, exponent);
    }

    /** {@code this ^ exponent}, elementwise, broadcasting. */
    public Tensor pow(Tensor exponent) {
        return Elementwise.pow(this, exponent);
    }

    /** The elementwise maximum of this and {@code other}, broadcasting. */
    public Tensor maximum(Tensor other) {
        return Elementwise.maximum(this, other);
    }

    /** The elementwise minimum of this and {@code other}, broadcasting. */
    public Tensor minimum(Tensor other) {
        return Elementwise.minimum(this, other);
    }

    /** {@code -this}. */
    public Tensor neg() {
        return Elementwise.unary(Elementwise.Unary.NEG, this);
    }

    /** {@code e^this}. */
    public Tensor exp() {
        return Elementwise.unary(Elementwise.Unary.EXP, this);
    }

    /** The natural logarithm. */
    public Tensor log() {
        return Elementwise.unary(Elementwise.Unary.LOG, this);
    }

    /** The square root. */
    public Tensor sqrt() {
        return Elementwise.unary(Elementwise.Unary.SQRT, this);
    }

    /** {@code 1 / sqrt(this)}. */
    public Tensor rsqrt() {
        return Elementwise.unary(Elementwise.Unary.RSQRT, this);
    }

    /** The absolute value. */
    public Tensor abs() {
        return Elementwise.unary(Elementwise.Unary.ABS, this);
    }

    /** {@code 1 / (1 + e^-this)}. */
    public Tensor sigmoid() {
        return Elementwise.unary(Elementwise.Unary.SIGMOID, this);
    }

    /** The hyperbolic tangent. */
    public Tensor tanh() {
        return Elementwise.unary(Elementwise.Unary.TANH, this);
    }

    /** {@code max(this, 0)}. */
    public Tensor relu() {
        return Elementwise.unary(Elementwise.Unary.RELU, this);
    }

    /** The sine. */
    public Tensor sin() {
        return Elementwise.unary(Elementwise.Unary.SIN, this);
    }

    /** The cosine. */
    public Tensor cos() {
        return Elementwise.unary(Elementwise.Unary.COS, this);
    }

    /** {@code this * this}. */
    public Tensor square() {
        return mul(this);
    }

    /** {@code 1 / this}. */
    public Tensor reciprocal() {
        return Elementwise.unary(Elementwise.Unary.RECIPROCAL, this);
    }

    /** The sign: -1, 0 or 1 (no gradient). */
    public Tensor sign() {
        return Elementwise.unary(Elementwise.Unary.SIGN, this);
    }

    /** Values limited to {@code [min, max]}. */
    public Tensor clamp(double min, double max) {
        return Elementwise.clamp(this, min, max);
    }

    /** Values limited to at least {@code min}. */
    public Tensor clampMin(double min) {
        return Elementwise.clamp(this, min, Double.POSITIVE_INFINITY);
    }

    /** Values limited to at most {@code max}. */
    public Tensor clampMax(double max) {
        return Elementwise.clamp(this, Double.NEGATIVE_INFINITY, max);
    }

    // ---------------------------------------------------------------- in-place

    /** {@code this += other}, in place. */
    public Tensor add_(Tensor other) {
        return Elementwise.inPlace("add_", this, t -> t.add(other));
    }

    /** {@code this += value}, in place. */
    public Tensor add_(double value) {
        return Elementwise.inPlace("add_", this, t -> t.add(value));
    }

    /** {@code this += alpha * other}, in place. */
    public Tensor add_(Tensor other, double alpha) {
        return Elementwise.inPlace("add_", this, t -> t.add(other, alpha));
    }

    /** {@code this -= other}, in place. */
    public Tensor sub_(Tensor other) {
        return Elementwise.inPlace("sub_", this, t -> t.sub(other));
    }

    /** {@code this *= other}, in place. */
    public Tensor mul_(Tensor other) {
        return Elementwise.inPlace("mul_", this, t -> t.mul(other));
    }

    /** {@code this *= value}, in place. */
    public Tensor mul_(double value) {
        return Elementwise.inPlace("mul_", this, t -> t.mul(value));
    }

    /** {@code this /= other}, in place. */
    public Tensor div_(Tensor other) {
        return Elementwise.inPlace("div_", this, t -> t.div(other));
    }

    /** {@code this /= value}, in place. */
    public Tensor div_(double value) {
        return Elementwise.inPlace("div_", this, t -> t.div(value));
    }

    /** {@code max(this, 0)}, in place. */
    public Tensor relu_() {
        return Elementwise.inPlace("relu_", this, t -> t.relu());
    }

    /** Values limited to {@code [min, max]}, in place. */
    public Tensor clamp_(double min, double max) {
        return Elementwise.inPlace("clamp_", this, t -> t.clamp(min, max));
    }

    /** Sets every element to zero, in place. */
    public Tensor zero_() {
        return fill_(0);
    }

    /** Sets every element to {@code value}, in place. */
    public Tensor fill_(double value) {
        checkInPlaceAllowed("fill_");
        Convert.fill(this, value);
        storage.version++;
        return this;
    }

    /** Fills this float tensor with uniform samples in [low, high), in place, from the global generator. */
    public Tensor uniform_(double low, double high) {
        checkInPlaceAllowed("uniform_");
        requireFloat("uniform_");
        Convert.copyInto(Tensor.of(Random.uniform(numel(), low, high), shape.clone()), this);
        storage.version++;
        return this;
    }

    /** Fills this float tensor with normal samples of the given mean and std, in place, from the global generator. */
    public Tensor normal_(double mean, double std) {
        checkInPlaceAllowed("normal_");
        requireFloat("normal_");
        Convert.copyInto(Tensor.of(Random.normal(numel(), mean, std), shape.clone()), this);
        storage.version++;
        return this;
    }

    // ---------------------------------------------------------------- comparisons and logic

    /** {@code this == other} elementwise, as bool. */
    public Tensor eq(Tensor other) {
        return Compare.compare(Compare.Op.EQ, this, other);
    }

    /** {@code this == value} elementwise, as bool. */
    public Tensor eq(double value) {
        return Compare.compare(Compare.Op.EQ, this, Torch.scalar(value));
    }

    /** {@code this != other} elementwise, as bool. */
    public Tensor ne(Tensor other) {
        return Compare.compare(Compare.Op.NE, this, other);
    }

    /** {@code this != value} elementwise, as bool. */
    public Tensor ne(double value) {
        return Compare.compare(Compare.Op.NE, this, Torch.scalar(value));
    }

    /** {@code this < other} elementwise, as bool. */
    public Tensor lt(Tensor other) {
        return Compare.compare(Compare.Op.LT, this, other);
    }

    /** {@code this < value} elementwise, as bool. */
    public Tensor lt(double value) {
        return Compare.compare(Compare.Op.LT, this, Torch.scalar(value));
    }

    /** {@code this <= other} elementwise, as bool. */
    public Tensor le(Tensor other) {
        return Compare.compare(Compare.Op.LE, this, other);
    }

    /** {@code this <= value} elementwise, as bool. */
    public Tensor le(double value) {
        return Compare.compare(Compare.Op.LE, this, Torch.scalar(value));
    }

    /** {@code this > other} elementwise, as bool. */
    public Tensor gt(Tensor other) {
        return Compare.compare(Compare.Op.GT, this, other);
    }

    /** {@code this > value} elementwise, as bool. */
    public Tensor gt(double value) {
        return Compare.compare(Compare.Op.GT, this, Torch.scalar(value));
    }

    /** {@code this >= other} elementwise, as bool. */
    public Tensor ge(Tensor other) {
        return Compare.compare(Compare.Op.GE, this, other);
    }

    /** {@code this >= value} elementwise, as bool. */
    public Tensor ge(double value) {
        return Compare.compare(Compare.Op.GE, this, Torch.scalar(value));
    }

    /** Logical and of two bool tensors, broadcasting. */
    public Tensor logicalAnd(Tensor other) {
        return Compare.compare(Compare.Op.AND, this, other);
    }

    /** Logical or of two bool tensors, broadcasting. */
    public Tensor logicalOr(Tensor other) {
        return Compare.compare(Compare.Op.OR, this, other);
    }

    /** Logical exclusive or of two bool tensors, broadcasting. */
    public Tensor logicalXor(Tensor other) {
        return Compare.compare(Compare.Op.XOR, this, other);
    }

    /** Logical not, as bool. */
    public Tensor logicalNot() {
        return Compare.compare(Compare.Op.EQ, this, Torch.scalar(0));
    }

    /** Whether every element is non-zero. */
    public boolean all() {
        for (boolean b : toBooleanArray()) {
            if (!b) {
                return false;
            }
        }
        return true;
    }

    /** Whether any element is non-zero. */
    public boolean any() {
        for (boolean b : toBooleanArray()) {
            if (b) {
                return true;
            }
        }
        return false;
    }

    /** Whether every element is close to {@code other}'s: {@code |a - b| <= atol + rtol * |b|}. */
    public boolean allClose(Tensor other, double rtol, double atol) {
        return Compare.allClose(this, other, rtol, atol);
    }

    /** {@link #allClose(Tensor, double, double)} with PyTorch's defaults rtol=1e-5, atol=1e-8. */
    public boolean allClose(Tensor other) {
        return Compare.allClose(this, other, 1e-5, 1e-8);
    }

    /** Whether shapes match and every element is equal (NaN never equals). */
    public boolean equal(Tensor other) {
        return Arrays.equals(shape, other.shape) && eq(other).all();
    }

    /** Elements of {@code this} where {@code condition} holds, else of {@code other}. */
    public Tensor where(Tensor condition, Tensor other) {
        return Indexing.where(condition, this, other);
    }

    // ---------------------------------------------------------------- reductions

    /** The sum of all elements (int64 for int64 and bool tensors). */
    public Tensor sum() {
        return Reductions.sum(this, allDims(), false);
    }

    /** The sum over {@code dim}. */
    public Tensor sum(int dim) {
        return Reductions.sum(this, new int[]{dim}, false);
    }

    /** The sum over {@code dim}, keeping it with size 1 when {@code keepDim}. */
    public Tensor sum(int dim, boolean keepDim) {
        return Reductions.sum(this, new int[]{dim}, keepDim);
    }

    /** The sum over several dims. */
    public Tensor sum(int[] dims, boolean keepDim) {
        return Reductions.sum(this, dims, keepDim);
    }

    /** The mean of all elements. */
    public Tensor mean() {
        return Reductions.mean(this, allDims(), false);
    }

    /** The mean over {@code dim}. */
    public Tensor mean(int dim) {
        return Reductions.mean(this, new int[]{dim}, false);
    }

    /** The mean over {@code dim}, keeping it with size 1 when {@code keepDim}. */
    public Tensor mean(int dim, boolean keepDim) {
        return Reductions.mean(this, new int[]{dim}, keepDim);
    }

    /** The mean over several dims. */
    public Tensor mean(int[] dims, boolean keepDim) {
        return Reductions.mean(this, dims, keepDim);
    }

    /** The variance of all elements (unbiased, as PyTorch's default). */
    public Tensor var() {
        return Reductions.var(this, allDims(), 1, false);
    }

    /** The variance over {@code dim}; {@code unbiased} divides by n-1. */
    public Tensor var(int dim, boolean unbiased, boolean keepDim) {
        return Reductions.var(this, new int[]{dim}, unbiased ? 1 : 0, keepDim);
    }

    /** The variance over several dims with the given correction (1: unbiased, 0: population). */
    public Tensor var(int[] dims, int correction, boolean keepDim) {
        return Reductions.var(this, dims, correction, keepDim);
    }

    /** The standard deviation of all elements (unbiased). */
    public Tensor std() {
        return var().sqrt();
    }

    /** The standard deviation over {@code dim}. */
    public Tensor std(int dim, boolean unbiased, boolean keepDim) {
        return var(dim, unbiased, keepDim).sqrt();
    }

    /** The largest element. */
    public Tensor max() {
        return Reductions.extreme(this, allDims(), true).values();
    }

    /** The largest elements over {@code dim} and where they are. */
    public ValuesIndices max(int dim) {
        return Reductions.extreme(this, dim, false, true);
    }

    /** The largest elements over {@code dim} and where they are, keeping the dim when {@code keepDim}. */
    public ValuesIndices max(int dim, boolean keepDim) {
        return Reductions.extreme(this, dim, keepDim, true);
    }

    /** The smallest element. */
    public Tensor min() {
        return Reductions.extreme(this, allDims(), false).values();
    }

    /** The smallest elements over {@code dim} and where they are. */
    public ValuesIndices min(int dim) {
        return Reductions.extreme(this, dim, false, false);
    }

    /** The smallest elements over {@code dim} and where they are, keeping the dim when {@code keepDim}. */
    public ValuesIndices min(int dim, boolean keepDim) {
        return Reductions.extreme(this, dim, keepDim, false);
    }

    /** The flat index of the largest element (int64). */
    public Tensor argmax() {
        return Reductions.extreme(reshape(-1), 0, false, true).indices();
    }

    /** The index of the largest element over {@code dim} (int64). */
    public Tensor argmax(int dim) {
        return Reductions.extreme(this, dim, false, true).indices();
    }

    /** The index of the largest element over {@code dim} (int64), keeping the dim when {@code keepDim}. */
    public Tensor argmax(int dim, boolean keepDim) {
        return Reductions.extreme(this, dim, keepDim, true).indices();
    }

    /** The flat index of the smallest element (int64). */
    public Tensor argmin() {
        return Reductions.extreme(reshape(-1), 0, false, false).indices();
    }

    /** The index of the smallest element over {@code dim} (int64). */
    public Tensor argmin(int dim) {
        return Reductions.extreme(this, dim, false, false).indices();
    }

    /** {@code log(sum(exp(this)))} over {@code dim}, computed stably. */
    public Tensor logsumexp(int dim, boolean keepDim) {
        return Reductions.logsumexp(this, dim, keepDim);
    }

    /** {@code log(sum(exp(this)))} over {@code dim}, computed stably. */
    public Tensor logsumexp(int dim) {
        return Reductions.logsumexp(this, dim, false);
    }

    /** Softmax over {@code dim}: non-negative values summing to 1. */
    public Tensor softmax(int dim) {
        return Reductions.softmax(this, dim, false);
    }

    /** The logarithm of softmax over {@code dim}, computed stably. */
    public Tensor logSoftmax(int dim) {
        return Reductions.softmax(this, dim, true);
    }

    /** The p-norm of all elements (p = 2 by default). */
    public Tensor norm() {
        return square().sum().sqrt();
    }

    /** The p-norm of all elements. */
    public Tensor norm(double p) {
        return p == 2 ? norm() : abs().pow(p).sum().pow(1.0 / p);
    }

    private int[] allDims() {
        int[] dims = new int[shape.length];
        for (int i = 0; i < dims.length; i++) {
            dims[i] = i;
        }
        return dims;
    }

    // ---------------------------------------------------------------- views and shape

    /** The same data seen with {@code newShape} (one entry may be -1); the tensor must be contiguous. */
    public Tensor view(int... newShape) {
        return Views.view(this, newShape);
    }

    /** Like {@link #view} but copies when the layout requires it. */
    public Tensor reshape(int... newShape) {
        return Views.reshape(this, newShape);
    }

    /** All dimensions flattened into one. */
    public Tensor flatten() {
        return reshape(-1);
    }

    /** Dimensions {@code startDim} to the last flattened into one. */
    public Tensor flatten(int startDim) {
        return flatten(startDim, -1);
    }

    /** Dimensions {@code startDim} to {@code endDim} (inclusive) flattened into one. */
    public Tensor flatten(int startDim, int endDim) {
        return Views.flatten(this, startDim, endDim);
    }

    /** The view with dims {@code dim0} and {@code dim1} swapped. */
    public Tensor transpose(int dim0, int dim1) {
        return Views.transpose(this, dim0, dim1);
    }

    /** The transpose of a matrix (a 1-D tensor is returned as is). */
    public Tensor t() {
        if (shape.length > 2) {
            throw new IllegalArgumentException("t: expects a tensor with <= 2 dimensions, but got shape "
                    + Shapes.str(shape) + "; use transpose(dim0, dim1) or mT()");
        }
        return shape.length < 2 ? this : transpose(0, 1);
    }

    /** The transpose of the last two dims (batched matrices). */
    public Tensor mT() {
        return transpose(-2, -1);
    }

    /** The view with dims reordered. */
    public Tensor permute(int... dims) {
        return Views.permute(this, dims);
    }

    /** The view without any size-1 dims. */
    public Tensor squeeze() {
        return Views.squeeze(this, -1, true);
    }

    /** The view without dim {@code dim} if its size is 1. */
    public Tensor squeeze(int dim) {
        return Views.squeeze(this, dim, false);
    }

    /** The view with a new size-1 dim at {@code dim}. */
    public Tensor unsqueeze(int dim) {
        return Views.unsqueeze(this, dim);
    }

    /** The view broadcast to {@code newShape} (-1 keeps a size) without copying. */
    public Tensor expand(int... newShape) {
        return Views.expand(this, newShape);
    }

    /** The view broadcast to {@code other}'s shape. */
    public Tensor expandAs(Tensor other) {
        return Views.expand(this, other.shape);
    }

    /** The view of {@code length} elements of dim {@code dim} starting at {@code start}. */
    public Tensor narrow(int dim, int start, int length) {
        return Views.narrow(this, dim, start, length);
    }

    /** The view at {@code index} of dim {@code dim}, without that dim. */
    public Tensor select(int dim, int index) {
        return Views.select(this, dim, index);
    }

    /** Splits into {@code chunks} nearly equal views along {@code dim}. */
    public Tensor[] chunk(int chunks, int dim) {
        return Views.chunk(this, chunks, dim);
    }

    /** Splits into views of {@code splitSize} along {@code dim} (the last may be smaller). */
    public Tensor[] split(int splitSize, int dim) {
        return Views.split(this, splitSize, dim);
    }

    // ---------------------------------------------------------------- indexing

    /** The entries of dim {@code dim} at {@code index} (a 1-D int64 tensor). */
    public Tensor indexSelect(int dim, Tensor index) {
        return Indexing.indexSelect(this, dim, index);
    }

    /** Values gathered along {@code dim} at {@code index} (int64, same rank as this). */
    public Tensor gather(int dim, Tensor index) {
        return Indexing.gather(this, dim, index);
    }

    /** A copy of this with {@code src} added at {@code index} along {@code dim}. */
    public Tensor scatterAdd(int dim, Tensor index, Tensor src) {
        return Indexing.scatterAdd(this, dim, index, src);
    }

    /** The elements where the bool {@code mask} (broadcast) is true, as a 1-D tensor. */
    public Tensor maskedSelect(Tensor mask) {
        return Indexing.maskedSelect(this, mask);
    }

    /** A copy with {@code value} where the bool {@code mask} (broadcast) is true. */
    public Tensor maskedFill(Tensor mask, double value) {
        return Indexing.maskedFill(this, mask, value);
    }

    /** Sets {@code value} where the bool {@code mask} is true, in place. */
    public Tensor maskedFill_(Tensor mask, double value) {
        return Elementwise.inPlace("maskedFill_", this, t -> t.maskedFill(mask, value));
    }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product with PyTorch's rules: 1-D·1-D is a dot product, 2-D·2-D a matrix
     * product, and higher ranks are batches of matrices whose batch dims broadcast.
     */
    public Tensor matmul(Tensor other) {
        return LinearAlgebra.matmul(this, other);
    }

    /** The matrix product of two 2-D tensors. */
    public Tensor mm(Tensor other) {
        if (shape.length != 2 || other.shape.length != 2) {
            throw new IllegalArgumentException("mm: expects two 2-D tensors, got shapes " + Shapes.str(shape) + " and "
                    + Shapes.str(other.shape) + "; use matmul for other ranks");
        }
        return LinearAlgebra.matmul(this, other);
    }

    /** The dot product of two 1-D tensors. */
    public Tensor dot(Tensor other) {
        if (shape.length != 1 || other.shape.length != 1) {
            throw new IllegalArgumentException("dot: expects two 1-D tensors, got shapes " + Shapes.str(shape) + " and "
                    + Shapes.str(other.shape));
        }
        return LinearAlgebra.matmul(this, other);
    }

    // ---------------------------------------------------------------- printing

    /** PyTorch's printout, such as {@code tensor([[ 0.1234, -1.0000]], requires_grad=True)}. */
    @Override
    public String toString() {
        return TensorFormatter.format(this);
    }
}
