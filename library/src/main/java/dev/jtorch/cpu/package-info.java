/**
 * Compute kernels (internal): SIMD, cache blocking, the thread pool.
 */
package dev.jtorch.cpu;
