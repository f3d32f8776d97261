package dev.jtorch.cpu;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * A new output array for a batch, computed while it is being allocated. The JVM zeroes a new
 * array on the thread that allocates it, at memory speed: for a first convolution layer's 8 MB
 * output that was a third of the op at two threads. So one thread allocates the output and
 * then computes samples from the end of the batch, while another computes samples from the
 * start: into a side array kept from call to call until the output exists, then into the
 * output itself, once it has copied the side array's samples into place.
 *
 * <pre>{@code
 * float[] y = BatchOutput.compute(batch, outPerSample, () -> new float[workspaceSize],
 *         (s, into, at, workspace) -> computeSample(s, into, at, workspace));
 * }</pre>
 */
public final class BatchOutput {
    /** Below this many floats the output is allocated first and the batch split as usual. */
    static final long OVERLAP_MIN = 1 << 20;

    /**
     * The side array of the last call, free for the next one (null while a call holds it); kept
     * only up to {@link Scratch#MAX_REUSED} floats, as reused work arrays are. Not a
     * {@link Scratch} slot: the thread that fills it is not always the one that copies it out.
     */
    private static final AtomicReference<float[]> SIDE = new AtomicReference<>();

    private BatchOutput() {
    }

    /**
     * Computes sample {@code s} of the batch into {@code into} from {@code at}, every float of
     * it, with a workspace that no other thread uses meanwhile.
     */
    @FunctionalInterface
    public interface Sample<W> {
        void compute(int s, float[] into, int at, W workspace);
    }

    /**
     * The output of a batch of {@code n} samples of {@code perSample} floats each, sample
     * {@code s} at {@code s·perSample}. Each thread's run of samples gets a workspace of its own
     * from {@code workspaces}.
     *
     * @throws ComputeInterruptedException if the calling thread is interrupted meanwhile
     */
    public static <W> float[] compute(int n, int perSample, Supplier<W> workspaces, Sample<W> sample) {
        long size = (long) n * perSample;
        int threads = Parallel.numThreads();
        if (threads == 1 || n < 2 || size < OVERLAP_MIN) {
            float[] out = new float[(int) size];
            Parallel.forRange(n, (n + threads - 1) / threads, (from, to) -> {
                W workspace = workspaces.get();
                for (int s = from; s < to; s++) {
                    sample.compute(s, out, s * perSample, workspace);
                }
            });
            return out;
        }
        Claims claims = new Claims(n);
        AtomicReference<float[]> output = new AtomicReference<>();
        AtomicBoolean frontDone = new AtomicBoolean();
        AtomicBoolean copied = new AtomicBoolean();
        int[] sideSamples = new int[1];
        float[][] side = new float[1][];
        // Part 0 allocates and works from the back, part 1 from the front. Part 1 copies the side
        // array into place once it sees the output, while part 0 computes. If it ran out of
        // samples before that, whichever part ends second sees the other one done and copies
        // (each writes its flag, then reads the other's: at least one of them sees both).
        Parallel.forRange(2, 1, (first, last) -> {
            for (int part = first; part < last; part++) {
                W workspace = workspaces.get();
                if (part == 0) {
                    float[] out = new float[(int) size];
                    output.set(out);
                    for (int s = claims.back(); s >= 0; s = claims.back()) {
                        sample.compute(s, out, s * perSample, workspace);
                    }
                    if (frontDone.get() && copied.compareAndSet(false, true)) {
                        System.arraycopy(side[0], 0, out, 0, sideSamples[0] * perSample);
                    }
                } else {
                    float[] s0 = takeSide(n * perSample);
                    int inSide = 0;
                    for (int s = claims.front(); s >= 0; s = claims.front()) {
                        float[] out = output.get();
                        if (out == null) {
                            sample.compute(s, s0, s * perSample, workspace);   // samples 0, 1, ...: the side array's prefix
                            inSide = s + 1;
                            continue;
                        }
                        if (inSide > 0 && copied.compareAndSet(false, true)) {
                            // copied while part 0 computes, rather than at the end while it waits
                            System.arraycopy(s0, 0, out, 0, inSide * perSample);
                        }
                        sample.compute(s, out, s * perSample, workspace);
                    }
                    side[0] = s0;
                    sideSamples[0] = inSide;
                    frontDone.set(true);
                    float[] out = output.get();
                    if (out != null && copied.compareAndSet(false, true)) {
                        System.arraycopy(s0, 0, out, 0, inSide * perSample);
                    }
                }
            }
        });
        if (side[0] != null && side[0].length <= Scratch.MAX_REUSED) {
            SIDE.set(side[0]);
        }
        return output.get();
    }

    private static float[] takeSide(int length) {
        float[] s = SIDE.getAndSet(null);
        return s != null && s.length >= length ? s : new float[length];
    }

    /** Samples handed out from both ends of the batch, each once. */
    private static final class Claims {
        private int front;
        private int back;

        Claims(int n) {
            this.back = n;
        }

        /** The next sample from the front, or -1 when none is left. */
        synchronized int front() {
            return front < back ? front++ : -1;
        }

        /** The next sample from the back, or -1 when none is left. */
        synchronized int back() {
            return front < back ? --back : -1;
        }
    }
}
