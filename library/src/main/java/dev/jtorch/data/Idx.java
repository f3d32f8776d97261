package dev.jtorch.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Reads the IDX files of (Fashion-)MNIST: two zero bytes, the element type (0x08: unsigned
 * byte), the number of dimensions, each dimension as a big-endian int32, then the data.
 * Files ending in {@code .gz} are decompressed on the fly.
 *
 * @param dims the dimensions, such as {@code [60000, 28, 28]}
 * @param data the unsigned bytes, row-major
 */
record Idx(int[] dims, byte[] data) {

    static Idx read(Path file) {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
             DataInputStream in = new DataInputStream(file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw)) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0 || ((magic >>> 8) & 0xFF) != 0x08) {
                throw new IllegalArgumentException(file + ": not an IDX file of unsigned bytes (magic number 0x"
                        + Integer.toHexString(magic) + ", expected 0x0000080N)");
            }
            int[] dims = new int[magic & 0xFF];
            long count = 1;
            for (int d = 0; d < dims.length; d++) {
                dims[d] = in.readInt();
                if (dims[d] < 0) {
                    throw new IllegalArgumentException(file + ": dimension " + d + " has a negative size " + dims[d]);
                }
                count *= dims[d];
            }
            if (count > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException(file + ": " + Arrays.toString(dims) + " is too large to load");
            }
            byte[] data = new byte[(int) count];
            try {
                in.readFully(data);
            } catch (EOFException e) {
                throw new IllegalArgumentException(file + ": the file is truncated; its header announces "
                        + Arrays.toString(dims) + " = " + count + " bytes of data", e);
            }
            return new Idx(dims, data);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the IDX file " + file + ": " + e.getMessage(), e);
        }
    }
}
