package dev.jtorch.io;

import dev.jtorch.Tensor;

import java.nio.file.Path;
import java.util.Map;

/**
 * {@code torch.save} / {@code torch.load} for state dicts: the file is written in the
 * safetensors format (see {@link Safetensors}), atomically and with a checksum, so a
 * checkpoint is either whole or refused with a message naming the file and the fault.
 *
 * <pre>{@code
 * import static dev.jtorch.io.Serialization.*;
 *
 * save(model.stateDict(), "model.safetensors");
 * model.loadStateDict(load("model.safetensors"));
 * }</pre>
 */
public final class Serialization {
    private Serialization() {
    }

    /** Writes {@code stateDict} to {@code path} (atomically replacing any file there). */
    public static void save(Map<String, Tensor> stateDict, Path path) {
        Safetensors.save(stateDict, path);
    }

    /** Writes {@code stateDict} to the file named {@code path}. */
    public static void save(Map<String, Tensor> stateDict, String path) {
        Safetensors.save(stateDict, Path.of(path));
    }

    /** Reads the state dict saved at {@code path}, keys in their saved order. */
    public static Map<String, Tensor> load(Path path) {
        return Safetensors.load(path);
    }

    /** Reads the state dict saved in the file named {@code path}. */
    public static Map<String, Tensor> load(String path) {
        return Safetensors.load(Path.of(path));
    }
}
