package io.vecgrad.tensor;

import io.vecgrad.tensor.kernel.BinaryOp;
import io.vecgrad.tensor.kernel.UnaryOp;
import java.util.Arrays;

/**
 * A dense n-dimensional array: a dtype, a shape, strides and an offset over a heap array.
 *
 * <p>Views ({@link #reshape}, {@link #permute}, {@link #slice}, {@link #expand}, …) share the
 * array and copy nothing. Ops return new tensors; the only methods that write into an existing
 * tensor end in {@code InPlace} (or are {@link #setAt}/{@link #copyFrom}) and bump a version
 * counter shared by all views, which autodiff uses to detect mutation of saved values.
 * Binary ops broadcast as NumPy does and promote dtypes as PyTorch does.
 *
 * <pre>{@code
 * Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 2, 3);
 * Tensor y = x.mul(2).add(Tensor.of(new float[] {1, 0, -1}, 3));   // broadcast over rows
 * Tensor s = y.sum(new int[] {1}, true);                            // shape [2, 1]
 * System.out.println(x.transpose(0, 1).matmul(y));                  // [3, 3]
 * }</pre>
 */
public final class Tensor {
    private final DType dtype;
    private final Storage storage;
    private final int[] shape;
    private final int[] strides;
    private final int offset;

    Tensor(DType dtype, Storage storage, int[] shape, int[] strides, int offset) {
        this.dtype = dtype;
        this.storage = storage;
        this.shape = shape;
        this.strides = strides;
        this.offset = offset;
    }

    // ---------------------------------------------------------------- creation

    private static final int[] NO_AXES = {};

    /** A new contiguous tensor of zeros (false for BOOL). */
    public static Tensor zeros(DType dtype, int... shape) {
        return alloc(dtype, shape.clone());
    }

    /**
     * A new contiguous zero tensor that adopts {@code shape} without copying it: package code
     * passes arrays it owns or another tensor's shape (shape arrays are never written).
     */
    static Tensor alloc(DType dtype, int[] shape) {
        return alloc(dtype, shape, true);
    }

    /**
     * Like {@link #alloc}, for an output whose every element the caller's kernel writes before
     * anything reads it: an array recycled by an engine's pool is handed over without its
     * zero-fill (its stale contents are overwritten). Never use it for accumulators.
     */
    static Tensor allocUninitialized(DType dtype, int[] shape) {
        return alloc(dtype, shape, false);
    }

    private static Tensor alloc(DType dtype, int[] shape, boolean zero) {
        BufferPool.Scope pool = BufferPool.current(); // an engine borrowing session (autodiff's backward)
        int n = Shape.numel(shape);
        Storage s = pool == null ? new Storage(dtype.allocate(n)) : pool.allocate(dtype, n, zero);
        return new Tensor(dtype, s, shape, Shape.sharedContiguousStrides(shape), 0);
    }

    /** A new float32 tensor of zeros. */
    public static Tensor zeros(int... shape) {
        return zeros(DType.FLOAT32, shape);
    }

    /** A new tensor filled with {@code value} (nonzero is true for BOOL). */
    public static Tensor full(DType dtype, double value, int... shape) {
        return zeros(dtype, shape).fillInPlace(value);
    }

    /** A new tensor of ones. */
    public static Tensor ones(DType dtype, int... shape) {
        return full(dtype, 1, shape);
    }

    /** A 0-dimensional tensor holding one value. */
    public static Tensor scalar(DType dtype, double value) {
        return alloc(dtype, NO_AXES).fillInPlace(value); // no shape array per scalar: shapes are never written
    }

    /** Copies {@code values} into a new 1-D float32 tensor. */
    public static Tensor of(float[] values) {
        return of(values, values.length);
    }

    /** Copies {@code values} into a new 1-D float64 tensor. */
    public static Tensor of(double[] values) {
        return of(values, values.length);
    }

    /** Copies {@code values} into a new 1-D int32 tensor. */
    public static Tensor of(int[] values) {
        return of(values, values.length);
    }

    /** Copies {@code values} into a new 1-D int64 tensor. */
    public static Tensor of(long[] values) {
        return of(values, values.length);
    }

    /** Copies {@code values} into a new float32 tensor of the given shape ({@code []} is a scalar). */
    public static Tensor of(float[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /** Copies {@code values} into a new float64 tensor. */
    public static Tensor of(double[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /** Copies {@code values} into a new int32 tensor. */
    public static Tensor of(int[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /** Copies {@code values} into a new int64 tensor. */
    public static Tensor of(long[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /** Copies {@code values} into a new bool tensor. */
    public static Tensor of(boolean[] values, int... shape) {
        return wrap(values.clone(), shape);
    }

    /** Wraps a Java array as a 1-D tensor without copying (see {@link #wrap(Object, int...)}). */
    public static Tensor wrap(Object array) {
        return wrap(array, java.lang.reflect.Array.getLength(array));
    }

    /**
     * Wraps a Java array without copying: the tensor and the caller share it. {@code array}
     * is a float[], double[], int[], long[] or boolean[]; the shape is taken literally
     * ({@code []} is a scalar).
     */
    public static Tensor wrap(Object array, int... shape) {
        DType dt = dtypeOf(array);
        int length = java.lang.reflect.Array.getLength(array);
        int[] s = shape.clone();
        if (Shape.numel(s) != length) {
            throw new IllegalArgumentException("wrap: array of " + length + " elements does not fit shape " + Shape.str(s));
        }
        return new Tensor(dt, new Storage(array), s, Shape.contiguousStrides(s), 0);
    }

    /** {@code [start, start+step, …)} below {@code stop}, like {@code numpy.arange}. */
    public static Tensor arange(DType dtype, double start, double stop, double step) {
        if (step == 0) throw new IllegalArgumentException("arange: step must not be 0");
        int n = (int) Math.max(0, Math.ceil((stop - start) / step));
        Tensor t = zeros(dtype, n);
        for (int i = 0; i < n; i++) t.putFlat(i, start + i * step);
        return t;
    }

    /** {@code n} evenly spaced values from {@code start} to {@code stop} inclusive. */
    public static Tensor linspace(DType dtype, double start, double stop, int n) {
        Tensor t = zeros(dtype, n);
        for (int i = 0; i < n; i++) t.putFlat(i, n == 1 ? start : start + (stop - start) * i / (n - 1));
        return t;
    }

    /** The n×n identity. */
    public static Tensor eye(DType dtype, int n) {
        Tensor t = zeros(dtype, n, n);
        for (int i = 0; i < n; i++) t.putFlat(i * n + i, 1);
        return t;
    }

    private static DType dtypeOf(Object array) {
        if (array instanceof float[]) return DType.FLOAT32;
        if (array instanceof double[]) return DType.FLOAT64;
        if (array instanceof int[]) return DType.INT32;
        if (array instanceof long[]) return DType.INT64;
        if (array instanceof boolean[]) return DType.BOOL;
        throw new IllegalArgumentException("wrap: unsupported array type " + array.getClass().getSimpleName());
    }

    // ---------------------------------------------------------------- metadata

    public DType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public int[] shape() {
        return shape.clone();
    }

    /** A copy of the strides, in elements. */
    public int[] strides() {
        return strides.clone();
    }

    /** Index of element {@code [0,…,0]} in the backing array. */
    public int offset() {
        return offset;
    }

    /** Number of axes. */
    public int dim() {
        return shape.length;
    }

    /** Size of one axis; negative axes count from the end. */
    public int size(int axis) {
        return shape[Shape.axis("size", axis, shape.length)];
    }

    public int numel() {
        return Shape.numel(shape);
    }

    /** True when the elements lie row-major and densely from {@link #offset()}. */
    public boolean isContiguous() {
        int expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && strides[i] != expected) return false;
            expected *= shape[i];
        }
        return true;
    }

    /** Counter bumped by every in-place write to this tensor's storage (through any view). */
    public int version() {
        return storage.version();
    }

    /** True when both tensors view the same backing array. */
    public boolean sharesStorageWith(Tensor other) {
        return storage == other.storage;
    }

    /** The backing array of a FLOAT32 tensor (shared; index it with offset and strides). */
    public float[] floatArray() {
        requireDType("floatArray", DType.FLOAT32);
        return (float[]) storage.array;
    }

    /** The backing array of a FLOAT64 tensor (shared; index it with offset and strides). */
    public double[] doubleArray() {
        requireDType("doubleArray", DType.FLOAT64);
        return (double[]) storage.array;
    }

    /** The backing array of an INT32 tensor. */
    public int[] intArray() {
        requireDType("intArray", DType.INT32);
        return (int[]) storage.array;
    }

    /** The backing array of an INT64 tensor. */
    public long[] longArray() {
        requireDType("longArray", DType.INT64);
        return (long[]) storage.array;
    }

    /** The backing array of a BOOL tensor. */
    public boolean[] boolArray() {
        requireDType("boolArray", DType.BOOL);
        return (boolean[]) storage.array;
    }

    Object array() {
        return storage.array;
    }

    /** The shape array itself, for package code that promises not to modify it. */
    int[] shapeRef() {
        return shape;
    }

    /** The strides array itself, for package code that promises not to modify it. */
    int[] stridesRef() {
        return strides;
    }

    Storage storage() {
        return storage;
    }

    private void requireDType(String op, DType expected) {
        if (dtype != expected) throw new IllegalStateException(op + ": tensor is " + dtype + ", not " + expected);
    }

    // ---------------------------------------------------------------- elements

    /** The element at {@code index} as a double. */
    public double get(int... index) {
        return TensorAccess.get(this, flatOffset("get", index));
    }

    /** Writes one element (in place). */
    public Tensor setAt(double value, int... index) {
        TensorAccess.put(this, flatOffset("setAt", index), value);
        storage.bump();
        return this;
    }

    /** The single value of a one-element tensor. */
    public double item() {
        if (numel() != 1) throw new IllegalStateException("item: tensor of shape " + Shape.str(shape) + " has " + numel() + " elements");
        return TensorAccess.get(this, offset);
    }

    private int flatOffset(String op, int[] index) {
        if (index.length != shape.length) {
            throw new IllegalArgumentException(op + ": " + index.length + " indices for shape " + Shape.str(shape));
        }
        int o = offset;
        for (int d = 0; d < index.length; d++) {
            int i = index[d] < 0 ? index[d] + shape[d] : index[d];
            if (i < 0 || i >= shape[d]) {
                throw new IndexOutOfBoundsException(op + ": index " + index[d] + " out of range for axis " + d + " of shape " + Shape.str(shape));
            }
            o += i * strides[d];
        }
        return o;
    }

    /** Writes the i-th element of a contiguous, freshly made tensor (no version bump). */
    void putFlat(int i, double v) {
        TensorAccess.put(this, offset + i, v);
    }

    /** All elements in row-major order as doubles (a new array). */
    public double[] toDoubleArray() {
        return (double[]) freshArray(DType.FLOAT64);
    }

    /** All elements in row-major order as floats (a new array). */
    public float[] toFloatArray() {
        return (float[]) freshArray(DType.FLOAT32);
    }

    /** All elements in row-major order as ints (a new array). */
    public int[] toIntArray() {
        return (int[]) freshArray(DType.INT32);
    }

    /** All elements in row-major order as longs (a new array). */
    public long[] toLongArray() {
        return (long[]) freshArray(DType.INT64);
    }

    /** All elements in row-major order as booleans (a new array). */
    public boolean[] toBoolArray() {
        return (boolean[]) freshArray(DType.BOOL);
    }

    private Object freshArray(DType target) {
        return convertedCopy(target).array();
    }

    // ---------------------------------------------------------------- views

    /** The same elements in a new shape; a view when possible, else a copy. One size may be -1. */
    public Tensor reshape(int... newShape) {
        int[] s = inferShape("reshape", newShape);
        int[] st = Views.reshapeStrides(shape, strides, s);
        return st != null ? new Tensor(dtype, storage, s, st, offset) : contiguous().reshape(s);
    }

    /** Like {@link #reshape} but never copies; throws when the layout does not allow a view. */
    public Tensor view(int... newShape) {
        int[] s = inferShape("view", newShape);
        int[] st = Views.reshapeStrides(shape, strides, s);
        if (st == null) {
            throw new IllegalArgumentException("view: shape " + Shape.str(s) + " is not a view of a tensor of shape "
                    + Shape.str(shape) + " with strides " + Shape.str(strides) + "; use reshape or contiguous()");
        }
        return new Tensor(dtype, storage, s, st, offset);
    }

    private int[] inferShape(String op, int[] newShape) {
        int[] s = newShape.clone();
        int infer = -1;
        long known = 1;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException(op + ": only one size may be -1 in " + Shape.str(newShape));
                infer = i;
            } else if (s[i] < 0) {
                throw new IllegalArgumentException(op + ": negative size in " + Shape.str(newShape));
            } else {
                known *= s[i];
            }
        }
        int n = numel();
        if (infer >= 0) {
            if (known == 0 || n % known != 0) {
                throw new IllegalArgumentException(op + ": cannot infer -1 in " + Shape.str(newShape) + " for " + n + " elements of shape " + Shape.str(shape));
            }
            s[infer] = (int) (n / known);
        } else if (known != n) {
            throw new IllegalArgumentException(op + ": shape " + Shape.str(newShape) + " has " + known + " elements, tensor of shape " + Shape.str(shape) + " has " + n);
        }
        return s;
    }

    /** Reorders the axes: result axis i is input axis {@code order[i]}. */
    public Tensor permute(int... order) {
        int r = shape.length;
        if (order.length != r) throw new IllegalArgumentException("permute: order " + Shape.str(order) + " for rank " + r);
        int[] s = new int[r];
        int[] st = new int[r];
        boolean[] seen = new boolean[r];
        for (int i = 0; i < r; i++) {
            int a = Shape.axis("permute", order[i], r);
            if (seen[a]) throw new IllegalArgumentException("permute: axis " + a + " repeated in " + Shape.str(order));
            seen[a] = true;
            s[i] = shape[a];
            st[i] = strides[a];
        }
        return new Tensor(dtype, storage, s, st, offset);
    }

    /** Swaps two axes. */
    public Tensor transpose(int a, int b) {
        int[] order = new int[shape.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        int x = Shape.axis("transpose", a, shape.length);
        int y = Shape.axis("transpose", b, shape.length);
        order[x] = y;
        order[y] = x;
        return permute(order);
    }

    /** The transpose of a matrix (swaps the last two axes of a batch of matrices). */
    public Tensor mT() {
        if (shape.length < 2) throw new IllegalArgumentException("mT: needs at least 2 axes, got shape " + Shape.str(shape));
        if (shape.length == 2) return new Tensor(dtype, storage, new int[] {shape[1], shape[0]}, new int[] {strides[1], strides[0]}, offset);
        return transpose(-2, -1);
    }

    /** Elements {@code start, start+step, …} below {@code stop} along one axis (step ≥ 1; bounds are clamped like Python's). */
    public Tensor slice(int axis, int start, int stop, int step) {
        int a = Shape.axis("slice", axis, shape.length);
        if (step <= 0) throw new IllegalArgumentException("slice: step must be positive, got " + step);
        int n = shape[a];
        int lo = clampIndex(start, n);
        int hi = clampIndex(stop, n);
        int len = hi <= lo ? 0 : (hi - lo + step - 1) / step;
        int[] s = shape.clone();
        int[] st = strides.clone();
        s[a] = len;
        st[a] = strides[a] * step;
        return new Tensor(dtype, storage, s, st, offset + (len == 0 ? 0 : lo * strides[a]));
    }

    /** {@code slice(axis, start, stop, 1)}. */
    public Tensor slice(int axis, int start, int stop) {
        return slice(axis, start, stop, 1);
    }

    private static int clampIndex(int i, int n) {
        int j = i < 0 ? i + n : i;
        return Math.max(0, Math.min(n, j));
    }

    /** The sub-tensor at {@code index} along {@code axis}; the axis is removed. */
    public Tensor select(int axis, int index) {
        int a = Shape.axis("select", axis, shape.length);
        int i = index < 0 ? index + shape[a] : index;
        if (i < 0 || i >= shape[a]) {
            throw new IndexOutOfBoundsException("select: index " + index + " out of range for axis " + a + " of shape " + Shape.str(shape));
        }
        return new Tensor(dtype, storage, Views.remove(shape, a), Views.remove(strides, a), offset + i * strides[a]);
    }

    /** Repeats size-1 axes (and adds leading axes) without copying, like {@code torch.expand}; -1 keeps a size. */
    public Tensor expand(int... newShape) {
        int r = newShape.length;
        if (r < shape.length) throw new IllegalArgumentException("expand: shape " + Shape.str(newShape) + " has fewer axes than " + Shape.str(shape));
        int[] s = new int[r];
        int[] st = new int[r];
        for (int i = 0; i < r; i++) {
            int j = i - (r - shape.length);
            int old = j < 0 ? 1 : shape[j];
            int want = newShape[i] == -1 && j >= 0 ? old : newShape[i];
            if (want < 0) throw new IllegalArgumentException("expand: negative size in " + Shape.str(newShape));
            if (old != want && old != 1) {
                throw new IllegalArgumentException("expand: cannot expand shape " + Shape.str(shape) + " to " + Shape.str(newShape) + " (axis " + i + ": " + old + " vs " + want + ")");
            }
            s[i] = want;
            st[i] = j < 0 || old != want ? 0 : strides[j];
        }
        return new Tensor(dtype, storage, s, st, offset);
    }

    /** {@link #expand} under NumPy's name. */
    public Tensor broadcastTo(int... newShape) {
        return expand(newShape);
    }

    /** Removes every size-1 axis. */
    public Tensor squeeze() {
        int[] keep = Arrays.stream(shape).filter(d -> d != 1).toArray();
        int[] st = new int[keep.length];
        for (int i = 0, j = 0; i < shape.length; i++) if (shape[i] != 1) st[j++] = strides[i];
        return new Tensor(dtype, storage, keep, st, offset);
    }

    /** Removes one axis, which must have size 1. */
    public Tensor squeeze(int axis) {
        int a = Shape.axis("squeeze", axis, shape.length);
        if (shape[a] != 1) throw new IllegalArgumentException("squeeze: axis " + a + " of shape " + Shape.str(shape) + " has size " + shape[a] + ", not 1");
        return new Tensor(dtype, storage, Views.remove(shape, a), Views.remove(strides, a), offset);
    }

    /** Inserts a size-1 axis at {@code axis} (which may equal the rank). */
    public Tensor unsqueeze(int axis) {
        int a = Shape.axis("unsqueeze", axis, shape.length + 1);
        int inner = a < shape.length ? strides[a] * shape[a] : 1;
        return new Tensor(dtype, storage, Views.insert(shape, a, 1), Views.insert(strides, a, inner), offset);
    }

    /** Flattens to one axis. */
    public Tensor flatten() {
        return reshape(numel());
    }

    /** Flattens axes {@code start..end} (inclusive) into one. */
    public Tensor flatten(int start, int end) {
        int s = Shape.axis("flatten", start, shape.length);
        int e = Shape.axis("flatten", end, shape.length);
        int[] ns = new int[shape.length - (e - s)];
        for (int i = 0; i < s; i++) ns[i] = shape[i];
        int m = 1;
        for (int i = s; i <= e; i++) m *= shape[i];
        ns[s] = m;
        for (int i = e + 1; i < shape.length; i++) ns[i - (e - s)] = shape[i];
        return reshape(ns);
    }

    // ---------------------------------------------------------------- copies

    /** This tensor when already contiguous, otherwise a contiguous copy. */
    public Tensor contiguous() {
        return isContiguous() ? this : copy();
    }

    /** A new contiguous tensor with the same values. */
    public Tensor copy() {
        return convertedCopy(dtype);
    }

    /** The values converted to {@code target} (this tensor itself when the dtype already matches). */
    public Tensor to(DType target) {
        return target == dtype ? this : convertedCopy(target);
    }

    private Tensor convertedCopy(DType target) {
        Tensor out = alloc(target, shape);
        TensorAccess.copy(this, out);
        return out;
    }

    /** Copies {@code src} (broadcast to this shape, converted to this dtype) into this tensor. */
    public Tensor copyFrom(Tensor src) {
        Tensor s = Arrays.equals(src.shape, shape) ? src : src.broadcastForWrite("copyFrom", shape);
        TensorAccess.copy(s, this);
        storage.bump();
        return this;
    }

    /** Sets every element to {@code value}. */
    public Tensor fillInPlace(double value) {
        TensorAccess.fill(this, value);
        storage.bump();
        return this;
    }

    Tensor broadcastForWrite(String op, int[] target) {
        int[] b = Shape.broadcast(op, target, shape);
        if (!Arrays.equals(b, target)) {
            throw new IllegalArgumentException(op + ": shape " + Shape.str(shape) + " does not broadcast to " + Shape.str(target));
        }
        return expand(target);
    }

    // ---------------------------------------------------------------- elementwise

    public Tensor add(Tensor b) { return Elementwise.binary("add", BinaryOp.ADD, this, b); }
    public Tensor sub(Tensor b) { return Elementwise.binary("sub", BinaryOp.SUB, this, b); }
    public Tensor mul(Tensor b) { return Elementwise.binary("mul", BinaryOp.MUL, this, b); }
    public Tensor div(Tensor b) { return Elementwise.binary("div", BinaryOp.DIV, this, b); }
    public Tensor pow(Tensor b) { return Elementwise.binary("pow", BinaryOp.POW, this, b); }
    public Tensor minimum(Tensor b) { return Elementwise.binary("minimum", BinaryOp.MIN, this, b); }
    public Tensor maximum(Tensor b) { return Elementwise.binary("maximum", BinaryOp.MAX, this, b); }

    public Tensor add(double s) { return add(scalarLike(s)); }
    public Tensor sub(double s) { return sub(scalarLike(s)); }
    public Tensor mul(double s) { return mul(scalarLike(s)); }
    public Tensor div(double s) { return div(scalarLike(s)); }
    public Tensor pow(double s) { return pow(scalarLike(s)); }
    public Tensor minimum(double s) { return minimum(scalarLike(s)); }
    public Tensor maximum(double s) { return maximum(scalarLike(s)); }

    /** {@code s - this}. */
    public Tensor rsub(double s) { return scalarLike(s).sub(this); }

    /** {@code s / this}. */
    public Tensor rdiv(double s) { return scalarLike(s).div(this); }

    /** Clamps into {@code [lo, hi]}. */
    public Tensor clamp(double lo, double hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: lower bound " + lo + " above upper bound " + hi);
        return maximum(lo).minimum(hi);
    }

    /** A 0-d tensor of this dtype (a floating dtype for integer tensors and a non-integer value). */
    private Tensor scalarLike(double s) {
        DType dt = dtype.isFloating() || s == Math.rint(s) ? dtype : DType.FLOAT32;
        return scalar(dt == DType.BOOL ? DType.INT32 : dt, s);
    }

    public Tensor neg() { return Elementwise.unary(UnaryOp.NEG, this); }
    public Tensor abs() { return Elementwise.unary(UnaryOp.ABS, this); }
    public Tensor sign() { return Elementwise.unary(UnaryOp.SIGN, this); }
    public Tensor sqrt() { return Elementwise.unary(UnaryOp.SQRT, this); }
    public Tensor rsqrt() { return Elementwise.unary(UnaryOp.RSQRT, this); }
    public Tensor square() { return Elementwise.unary(UnaryOp.SQUARE, this); }
    public Tensor reciprocal() { return Elementwise.unary(UnaryOp.RECIPROCAL, this); }
    public Tensor exp() { return Elementwise.unary(UnaryOp.EXP, this); }
    public Tensor log() { return Elementwise.unary(UnaryOp.LOG, this); }
    public Tensor log1p() { return Elementwise.unary(UnaryOp.LOG1P, this); }
    public Tensor expm1() { return Elementwise.unary(UnaryOp.EXPM1, this); }
    public Tensor sin() { return Elementwise.unary(UnaryOp.SIN, this); }
    public Tensor cos() { return Elementwise.unary(UnaryOp.COS, this); }
    public Tensor tanh() { return Elementwise.unary(UnaryOp.TANH, this); }
    public Tensor sigmoid() { return Elementwise.unary(UnaryOp.SIGMOID, this); }
    public Tensor relu() { return Elementwise.unary(UnaryOp.RELU, this); }
    public Tensor softplus() { return Elementwise.unary(UnaryOp.SOFTPLUS, this); }
    public Tensor erf() { return Elementwise.unary(UnaryOp.ERF, this); }

    /** Elementwise {@code this == b} as a BOOL mask (broadcasting). */
    public Tensor eq(Tensor b) { return Comparisons.compare("eq", this, b); }
    public Tensor ne(Tensor b) { return Comparisons.compare("ne", this, b); }
    public Tensor lt(Tensor b) { return Comparisons.compare("lt", this, b); }
    public Tensor le(Tensor b) { return Comparisons.compare("le", this, b); }
    public Tensor gt(Tensor b) { return Comparisons.compare("gt", this, b); }
    public Tensor ge(Tensor b) { return Comparisons.compare("ge", this, b); }
    public Tensor eq(double s) { return Comparisons.compareScalar("eq", this, s); }
    public Tensor ne(double s) { return Comparisons.compareScalar("ne", this, s); }
    public Tensor lt(double s) { return Comparisons.compareScalar("lt", this, s); }
    public Tensor le(double s) { return Comparisons.compareScalar("le", this, s); }
    public Tensor gt(double s) { return Comparisons.compareScalar("gt", this, s); }
    public Tensor ge(double s) { return Comparisons.compareScalar("ge", this, s); }

    /**
     * {@code 1} where {@code this > s} and {@code 0} elsewhere (also for NaN), in this tensor's
     * dtype (float32 for non-floating tensors): the comparison and the conversion of
     * {@code gt(s).to(dtype)} in one pass, as ReLU-like backward rules need.
     *
     * <pre>{@code
     * Tensor.of(new float[] {-1, 0, 2}).gtMask(0);   // [0, 0, 1]
     * }</pre>
     */
    public Tensor gtMask(double s) { return Comparisons.gtMask(this, s); }

    /** Logical and/or/not of BOOL masks. */
    public Tensor and(Tensor b) { return Comparisons.logical("and", this, b); }
    public Tensor or(Tensor b) { return Comparisons.logical("or", this, b); }
    public Tensor not() { return Comparisons.not(this); }

    /** Elementwise {@code mask ? a : b} with broadcasting over all three. */
    public static Tensor where(Tensor mask, Tensor a, Tensor b) {
        return Comparisons.where(mask, a, b);
    }

    // ---------------------------------------------------------------- fused in-place (optimizer hot loops)

    /** {@code this += b} (in place, b broadcast to this shape). */
    public Tensor addInPlace(Tensor b) { return Elementwise.inPlace("addInPlace", BinaryOp.ADD, this, b); }
    /** {@code this -= b} (in place). */
    public Tensor subInPlace(Tensor b) { return Elementwise.inPlace("subInPlace", BinaryOp.SUB, this, b); }
    /** {@code this *= b} (in place). */
    public Tensor mulInPlace(Tensor b) { return Elementwise.inPlace("mulInPlace", BinaryOp.MUL, this, b); }
    /** {@code this /= b} (in place). */
    public Tensor divInPlace(Tensor b) { return Elementwise.inPlace("divInPlace", BinaryOp.DIV, this, b); }
    /** {@code this *= s} (in place). */
    public Tensor mulInPlace(double s) { return mulInPlace(scalar(dtype, s)); }
    /** {@code this += s} (in place). */
    public Tensor addInPlace(double s) { return addInPlace(scalar(dtype, s)); }

    /** axpy: {@code this += alpha·x} (in place, one pass). */
    public Tensor axpyInPlace(double alpha, Tensor x) { return Fused.axpy(this, alpha, x); }

    /** {@code this = this + weight·(end − this)} (in place, one pass), as {@code torch.lerp_}. */
    public Tensor lerpInPlace(Tensor end, double weight) { return Fused.lerp(this, end, weight); }

    /** {@code this += value·t1·t2} (in place, one pass), as {@code torch.addcmul_}. */
    public Tensor addcmulInPlace(double value, Tensor t1, Tensor t2) { return Fused.addcmul(this, value, t1, t2); }

    /** {@code this += value·t1/t2} (in place, one pass), as {@code torch.addcdiv_}. */
    public Tensor addcdivInPlace(double value, Tensor t1, Tensor t2) { return Fused.addcdiv(this, value, t1, t2); }

    // ---------------------------------------------------------------- reductions

    /** Sum of all elements (0-d tensor). */
    public Tensor sum() { return Reductions.reduce("sum", Reductions.Kind.SUM, this, null, false); }
    /** Sum over {@code axes}; keeps them as size 1 when {@code keepDims}. */
    public Tensor sum(int[] axes, boolean keepDims) { return Reductions.reduce("sum", Reductions.Kind.SUM, this, axes, keepDims); }
    public Tensor sum(int axis) { return sum(new int[] {axis}, false); }
    public Tensor mean() { return Reductions.reduce("mean", Reductions.Kind.MEAN, this, null, false); }
    public Tensor mean(int[] axes, boolean keepDims) { return Reductions.reduce("mean", Reductions.Kind.MEAN, this, axes, keepDims); }
    public Tensor mean(int axis) { return mean(new int[] {axis}, false); }
    public Tensor prod() { return Reductions.reduce("prod", Reductions.Kind.PROD, this, null, false); }
    public Tensor prod(int[] axes, boolean keepDims) { return Reductions.reduce("prod", Reductions.Kind.PROD, this, axes, keepDims); }
    public Tensor max() { return Reductions.reduce("max", Reductions.Kind.MAX, this, null, false); }
    public Tensor max(int[] axes, boolean keepDims) { return Reductions.reduce("max", Reductions.Kind.MAX, this, axes, keepDims); }
    public Tensor min() { return Reductions.reduce("min", Reductions.Kind.MIN, this, null, false); }
    public Tensor min(int[] axes, boolean keepDims) { return Reductions.reduce("min", Reductions.Kind.MIN, this, axes, keepDims); }
    /** Index of the largest element along {@code axis} (first on ties), INT64. */
    public Tensor argmax(int axis, boolean keepDims) { return Reductions.argReduce("argmax", true, this, axis, keepDims); }
    /** Index of the smallest element along {@code axis} (first on ties), INT64. */
    public Tensor argmin(int axis, boolean keepDims) { return Reductions.argReduce("argmin", false, this, axis, keepDims); }
    /** L1 norm over {@code axes} (all when null). */
    public Tensor normL1(int[] axes, boolean keepDims) { return Reductions.reduce("normL1", Reductions.Kind.L1, this, axes, keepDims); }
    /** L2 norm over {@code axes} (all when null). */
    public Tensor normL2(int[] axes, boolean keepDims) { return Reductions.reduce("normL2", Reductions.Kind.L2, this, axes, keepDims); }
    /** Max-abs norm over {@code axes} (all when null). */
    public Tensor normInf(int[] axes, boolean keepDims) { return Reductions.reduce("normInf", Reductions.Kind.LINF, this, axes, keepDims); }
    /** Variance with {@code correction} (1 = unbiased, as torch's default; 0 = population). */
    public Tensor var(int[] axes, boolean keepDims, int correction) { return Reductions.variance("var", this, axes, keepDims, correction); }
    /** Standard deviation with {@code correction}. */
    public Tensor std(int[] axes, boolean keepDims, int correction) { return var(axes, keepDims, correction).sqrt(); }
    /** log Σ exp over {@code axes}, computed stably (max subtracted first). */
    public Tensor logsumexp(int[] axes, boolean keepDims) { return Reductions.logsumexp(this, axes, keepDims); }
    /** Numerically stable softmax along {@code axis}. */
    public Tensor softmax(int axis) { return Reductions.softmax(this, axis, false); }
    /** Numerically stable log-softmax along {@code axis}. */
    public Tensor logSoftmax(int axis) { return Reductions.softmax(this, axis, true); }

    // ---------------------------------------------------------------- linear algebra

    /**
     * Matrix product with {@code torch.matmul} semantics: 1-D·1-D is a dot product, 2-D·1-D a
     * matrix-vector product, and batched operands broadcast their batch axes. Transposed views
     * are multiplied without copying.
     */
    public Tensor matmul(Tensor b) {
        return MatMul.matmul(this, b);
    }

    // ---------------------------------------------------------------- indexing and joining

    /** Joins tensors along an existing axis. */
    public static Tensor concat(int axis, Tensor... parts) { return Indexing.concat(axis, parts); }
    /** Joins tensors along a new axis. */
    public static Tensor stack(int axis, Tensor... parts) { return Indexing.stack(axis, parts); }
    /** Rows (or slices along {@code axis}) picked by an integer index tensor, as {@code torch.index_select}. */
    public Tensor indexSelect(int axis, Tensor index) { return Indexing.indexSelect(this, axis, index); }
    /** {@code out[i][j] = this[index[i][j]][j]} along {@code axis}, as {@code torch.gather}. */
    public Tensor gather(int axis, Tensor index) { return Indexing.gather(this, axis, index); }
    /** NumPy's {@code take_along_axis}; the same as {@link #gather} with broadcasting index shapes equal. */
    public Tensor takeAlongAxis(Tensor index, int axis) { return Indexing.gather(this, axis, index); }
    /** A copy with {@code src} values written at {@code index} along {@code axis}, as {@code torch.scatter}. */
    public Tensor scatter(int axis, Tensor index, Tensor src) { return Indexing.scatter(this, axis, index, src, false); }
    /** A copy with {@code src} values added at {@code index} along {@code axis}, as {@code torch.scatter_add}. */
    public Tensor scatterAdd(int axis, Tensor index, Tensor src) { return Indexing.scatter(this, axis, index, src, true); }
    /** One-hot encoding of an integer tensor: a new last axis of size {@code classes}. */
    public Tensor oneHot(int classes, DType dtype) { return Indexing.oneHot(this, classes, dtype); }

    // ---------------------------------------------------------------- text

    /** NumPy-style text: dtype, shape and (abbreviated) values. */
    @Override
    public String toString() {
        return TensorFormat.format(this);
    }

    /** True when shape, dtype and all values are equal (NaN equals NaN). */
    public boolean valueEquals(Tensor o) {
        if (o.dtype != dtype || !Arrays.equals(o.shape, shape)) return false;
        return Arrays.equals(o.toDoubleArray(), toDoubleArray());
    }
}
