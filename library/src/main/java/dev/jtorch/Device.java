package dev.jtorch;

/**
 * Where tensors live. JTorch computes on the CPU; {@code Device.of("cuda")} is accepted as a
 * name so that tutorials translate, and fails with a clear message when used.
 *
 * <pre>{@code
 * var device = Device.of("cpu");
 * model.to(device);
 * }</pre>
 */
public record Device(String type) {

    /** The CPU, where every tensor lives. */
    public static final Device CPU = new Device("cpu");

    /** Parses {@code "cpu"}, {@code "cuda"}, {@code "cuda:0"} or {@code "mps"}. */
    public static Device of(String name) {
        String type = name.contains(":") ? name.substring(0, name.indexOf(':')) : name;
        return switch (type) {
            case "cpu" -> CPU;
            case "cuda", "mps" -> new Device(name);
            default -> throw new IllegalArgumentException("Device: unknown device '" + name
                    + "'; expected 'cpu' (or 'cuda'/'mps', which this build cannot run)");
        };
    }

    /** Whether a CUDA GPU backend is available: never, in this build. */
    public static boolean cudaIsAvailable() {
        return false;
    }

    /** Fails unless this device can run tensors. */
    public void requireAvailable() {
        if (!type.equals("cpu")) {
            throw new UnsupportedOperationException("Device '" + type + "' is not available: JTorch has no GPU backend "
                    + "and computes on the CPU with all cores. Use Device.CPU (the tutorial's "
                    + "'cuda if available else cpu' choice picks it, since Device.cudaIsAvailable() is false).");
        }
    }

    @Override
    public String toString() {
        return "device(type='" + type + "')";
    }
}
