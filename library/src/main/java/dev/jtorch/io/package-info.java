/**
 * Saving and loading state dicts in the safetensors format, as in {@code torch.save} /
 * {@code torch.load}: {@link dev.jtorch.io.Serialization#save} and
 * {@link dev.jtorch.io.Serialization#load} (atomic writes, a checksum checked on load), and
 * {@link dev.jtorch.io.Safetensors} for metadata and the format's details. The files open in
 * PyTorch with {@code safetensors.torch.load_file}.
 *
 * <pre>{@code
 * Serialization.save(model.stateDict(), "model.safetensors");
 * model.loadStateDict(Serialization.load("model.safetensors"));
 * }</pre>
 */
package dev.jtorch.io;
