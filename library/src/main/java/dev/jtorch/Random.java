package dev.jtorch;

import java.util.SplittableRandom;

/** The global random number generator behind every random draw; {@link Torch#manualSeed} resets it. */
final class Random {
    private static SplittableRandom generator = new SplittableRandom();

    private Random() {
    }

    static synchronized void seed(long seed) {
        generator = new SplittableRandom(seed);
    }

    static synchronized float[] uniform(int n, double low, double high) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (low + (high - low) * generator.nextDouble());
        }
        return out;
    }

    static synchronized float[] normal(int n, double mean, double std) {
        float[] out = new float[n];
        for (int i = 0; i < n; i++) {
            out[i] = (float) (mean + std * generator.nextGaussian());
        }
        return out;
    }

    static synchronized long[] integers(int n, long low, long high) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = generator.nextLong(low, high);
        }
        return out;
    }

    static synchronized long[] permutation(int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            out[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = generator.nextInt(i + 1);
            long t = out[i];
            out[i] = out[j];
            out[j] = t;
        }
        return out;
    }

    static synchronized boolean[] bernoulli(int n, double p) {
        boolean[] out = new boolean[n];
        for (int i = 0; i < n; i++) {
            out[i] = generator.nextDouble() < p;
        }
        return out;
    }
}
