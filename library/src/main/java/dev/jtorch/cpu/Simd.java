package dev.jtorch.cpu;

/**
 * The one switch between the SIMD kernels and their scalar twins, read once at start-up.
 *
 * <p>SIMD is on when the {@code jdk.incubator.vector} module is in the boot layer (the JVM
 * was started with {@code --add-modules jdk.incubator.vector}) and the system property
 * {@code jtorch.simd} is not {@code false}. The Vector API code lives in the package-private
 * classes {@code GemmSimd} and {@code VectorMathSimd}, which are only loaded when this is on,
 * so the library also runs on a JVM without the module.
 *
 * <pre>{@code
 * java -Djtorch.simd=false ...   // every kernel takes its plain-Java path
 * }</pre>
 */
public final class Simd {
    /** True when the Vector API kernels are in use. */
    public static final boolean ENABLED =
            !"false".equalsIgnoreCase(System.getProperty("jtorch.simd"))
                    && ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();

    private Simd() {
    }
}
