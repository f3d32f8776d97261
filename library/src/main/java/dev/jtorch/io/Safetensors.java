package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * Reads and writes state dicts in the safetensors format, the format of Hugging Face's
 * {@code safetensors} library, which PyTorch users load with
 * {@code safetensors.torch.load_file}:
 * <pre>
 * 8 bytes      N, the header length, unsigned little-endian
 * N bytes      a JSON object: for each tensor {"dtype": "F32"|"I64"|"BOOL", "shape": [...],
 *              "data_offsets": [begin, end]}, and an optional "__metadata__" string map;
 *              padded with spaces to a multiple of 8 bytes
 * the rest     the tensors' bytes, little-endian, row-major, back to back
 * </pre>
 *
 * <p>Writes are atomic: the file is written beside the target under a temporary name,
 * flushed to disk, then renamed over the target, so a crash mid-write never leaves a
 * half-written file. JTorch stores a CRC32 of the header and data in the metadata
 * ({@value #CHECKSUM_KEY}, beside {@code "format": "pt"}) and checks it on load; files from other writers have none and
 * are checked for consistency only. Loading also converts F64/F16/BF16 to float32 and
 * I32/I16/I8/U8 to int64.
 *
 * <pre>{@code
 * Safetensors.save(model.stateDict(), Path.of("model.safetensors"));
 * model.loadStateDict(Safetensors.load(Path.of("model.safetensors")));
 * }</pre>
 */
public final class Safetensors {
    /** The metadata key holding JTorch's checksum (8 lowercase hex digits). */
    public static final String CHECKSUM_KEY = "jtorch.crc32";
    /** The metadata key and value marking a file written by JTorch: such a file must carry its checksum. */
    static final String WRITER_KEY = "writer";
    static final String WRITER = "JTorch";
    private static final String METADATA = "__metadata__";
    private static final String PLACEHOLDER = "00000000";
    private static final long MAX_HEADER = 100_000_000;

    private Safetensors() {
    }

    /** Writes {@code stateDict} (in its key order) to {@code path}, atomically. */
    public static void save(Map<String, Tensor> stateDict, Path path) {
        save(stateDict, path, Map.of());
    }

    /** Writes {@code stateDict} and the string pairs of {@code metadata} to {@code path}, atomically. */
    public static void save(Map<String, Tensor> stateDict, Path path, Map<String, String> metadata) {
        byte[] bytes = toBytes(stateDict, metadata, path);
        writeAtomically(bytes, path);
    }

    /** Reads every tensor of {@code path}, in the order of their data in the file. */
    public static Map<String, Tensor> load(Path path) {
        return parse(read(path), path).tensors;
    }

    /** The {@code __metadata__} string map of {@code path} (empty if it has none); the file is checked as by {@link #load}. */
    public static Map<String, String> metadata(Path path) {
        return parse(read(path), path).metadata;
    }

    // ---------------------------------------------------------------- writing

    private record Entry(String name, Tensor tensor, String dtype, long begin, long end) {
    }

    static byte[] toBytes(Map<String, Tensor> stateDict, Map<String, String> metadata, Path path) {
        List<Entry> entries = new ArrayList<>();
        long offset = 0;
        for (var e : stateDict.entrySet()) {
            String name = e.getKey();
            Tensor t = e.getValue();
            if (name == null || name.isEmpty() || name.equals(METADATA)) {
                throw new IllegalArgumentException("save " + path + ": invalid tensor name '" + name + "'");
            }
            if (t == null) {
                throw new IllegalArgumentException("save " + path + ": tensor '" + name + "' is null");
            }
            long size = (long) t.numel() * elementSize(t.dtype());
            entries.add(new Entry(name, t, dtypeName(t.dtype()), offset, offset + size));
            offset += size;
        }
        if (offset > Integer.MAX_VALUE - 1_000_000) {
            throw new IllegalArgumentException("save " + path + ": " + offset + " bytes of tensors exceed the 2 GB a file "
                    + "can hold here; save the state dict in parts");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        // Hugging Face's loaders expect to be told which framework's layout the file has.
        meta.put("format", "pt");
        for (var e : metadata.entrySet()) {
            if (e.getKey().equals(CHECKSUM_KEY) || e.getKey().equals(WRITER_KEY)) {
                throw new IllegalArgumentException("save " + path + ": metadata key '" + e.getKey() + "' is reserved");
            }
            meta.put(e.getKey(), e.getValue());
        }
        meta.put(WRITER_KEY, WRITER);
        meta.put(CHECKSUM_KEY, PLACEHOLDER);

        StringBuilder json = new StringBuilder("{");
        HeaderJson.appendString(json, METADATA);
        json.append(":{");
        boolean first = true;
        for (var e : meta.entrySet()) {
            json.append(first ? "" : ",");
            first = false;
            HeaderJson.appendString(json, e.getKey());
            json.append(':');
            HeaderJson.appendString(json, e.getValue());
        }
        json.append('}');
        for (Entry e : entries) {
            json.append(',');
            HeaderJson.appendString(json, e.name());
            json.append(":{\"dtype\":\"").append(e.dtype()).append("\",\"shape\":")
                    .append(Arrays.toString(e.tensor().shape()).replace(" ", ""))
                    .append(",\"data_offsets\":[").append(e.begin()).append(',').append(e.end()).append("]}");
        }
        json.append('}');
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (header.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(header);
        for (int i = header.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Entry e : entries) {
            writeData(out, e.tensor());
        }
        byte[] bytes = out.array();
        int checksumAt = indexOfChecksum(bytes, 8, 8 + padded);
        String crc = String.format("%08x", checksum(bytes));
        System.arraycopy(crc.getBytes(StandardCharsets.US_ASCII), 0, bytes, checksumAt, 8);
        return bytes;
    }

    private static void writeData(ByteBuffer out, Tensor t) {
        switch (t.dtype()) {
            case FLOAT32 -> {
                float[] data = t.toFloatArray();
                out.asFloatBuffer().put(data);
                out.position(out.position() + data.length * 4);
            }
            case INT64 -> {
                long[] data = t.toLongArray();
                out.asLongBuffer().put(data);
                out.position(out.position() + data.length * 8);
            }
            case BOOL -> {
                for (boolean b : t.toBooleanArray()) {
                    out.put((byte) (b ? 1 : 0));
                }
            }
        }
    }

    private static void writeAtomically(byte[] bytes, Path path) {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new UncheckedIOException("save " + path + ": the file system cannot rename atomically, so the "
                        + "file cannot be replaced safely", e);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("save " + path + ": " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error matters more than a leftover temporary file
                }
            }
        }
    }

    // ---------------------------------------------------------------- reading

    private record Parsed(Map<String, Tensor> tensors, Map<String, String> metadata) {
    }

    private record Slot(String name, String dtype, int[] shape, long begin, long end) {
    }

    private static byte[] read(Path path) {
        try {
            long size = Files.size(path);
            if (size > Integer.MAX_VALUE - 8) {
                throw new SafetensorsFormatException("load " + path + ": the file has " + size + " bytes; JTorch reads "
                        + "safetensors files of up to 2 GB");
            }
            return Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new UncheckedIOException("load " + path + ": no such file", e);
        } catch (IOException e) {
            throw new UncheckedIOException("load " + path + ": " + e, e);
        }
    }

    private static SafetensorsFormatException bad(Path path, String cause) {
        return new SafetensorsFormatException("load " + path + ": " + cause);
    }

    static Parsed parse(byte[] bytes, Path path) {
        if (bytes.length < 8) {
            throw bad(path, "the file has " + bytes.length + " bytes, fewer than the 8-byte header length; it is "
                    + "truncated or not a safetensors file");
        }
        long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (n < 2 || n > MAX_HEADER || 8 + n > bytes.length) {
            throw bad(path, "the header length " + Long.toUnsignedString(n) + " does not fit a file of " + bytes.length
                    + " bytes; the file is truncated, corrupt or not a safetensors file");
        }
        int dataStart = 8 + (int) n;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 8, (int) n)).toString();
        } catch (CharacterCodingException e) {
            throw bad(path, "the header is not valid UTF-8; the file is corrupt");
        }
        Map<String, Object> header;
        try {
            header = HeaderJson.parseObject(text);
        } catch (IllegalArgumentException e) {
            throw bad(path, e.getMessage() + "; the file is corrupt or not a safetensors file");
        }
        Map<String, String> metadata = metadata(header.get(METADATA), path);
        verifyChecksum(bytes, dataStart, metadata, path);

        List<Slot> slots = new ArrayList<>();
        for (var e : header.entrySet()) {
            if (!e.getKey().equals(METADATA)) {
                slots.add(slot(e.getKey(), e.getValue(), path));
            }
        }
        slots.sort(Comparator.comparingLong(Slot::begin));
        long expected = 0;
        for (Slot s : slots) {
            if (s.begin() != expected) {
                throw bad(path, "tensor '" + s.name() + "' starts at byte " + s.begin() + " of the data but "
                        + (s.begin() < expected ? "overlaps the tensor before it" : "the data before it ends at " + expected));
            }
            expected = s.end();
        }
        long dataLength = bytes.length - (long) dataStart;
        if (expected != dataLength) {
            throw bad(path, "the header describes " + expected + " bytes of tensor data but the file holds " + dataLength
                    + (expected > dataLength ? "; the file is truncated" : "; the file has trailing bytes"));
        }
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        for (Slot s : slots) {
            tensors.put(s.name(), decode(s, bytes, dataStart, path));
        }
        return new Parsed(tensors, metadata);
    }

    private static Map<String, String> metadata(Object value, Path path) {
        Map<String, String> out = new LinkedHashMap<>();
        if (value == null) {
            return out;
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw bad(path, "\"__metadata__\" must be an object of strings");
        }
        for (var e : map.entrySet()) {
            if (!(e.getValue() instanceof String s)) {
                throw bad(path, "\"__metadata__\" entry \"" + e.getKey() + "\" is not a string");
            }
            out.put((String) e.getKey(), s);
        }
        return out;
    }

    private static void verifyChecksum(byte[] bytes, int dataStart, Map<String, String> metadata, Path path) {
        String stored = metadata.get(CHECKSUM_KEY);
        if (stored == null) {
            if (WRITER.equals(metadata.get(WRITER_KEY))) {
                throw bad(path, "the file was written by JTorch but its checksum (" + CHECKSUM_KEY + ") is missing; "
                        + "the file is corrupt");
            }
            return;   // another writer's file: no checksum to verify
        }
        int at = indexOfChecksum(bytes, 8, dataStart);
        if (at < 0 || !stored.matches("[0-9a-f]{8}")
                || !stored.equals(new String(bytes, at, 8, StandardCharsets.US_ASCII))) {
            throw bad(path, "the checksum entry " + CHECKSUM_KEY + " is malformed; the file is corrupt");
        }
        byte[] saved = Arrays.copyOfRange(bytes, at, at + 8);
        System.arraycopy(PLACEHOLDER.getBytes(StandardCharsets.US_ASCII), 0, bytes, at, 8);
        long actual = checksum(bytes);
        System.arraycopy(saved, 0, bytes, at, 8);
        if (actual != Long.parseLong(stored, 16)) {
            throw bad(path, String.format("checksum mismatch (stored %s, computed %08x): the file is corrupt", stored, actual));
        }
    }

    /** CRC32 of the whole file after the length field, with the checksum's own 8 digits as zeros. */
    private static long checksum(byte[] bytes) {
        CRC32 crc = new CRC32();
        crc.update(bytes, 8, bytes.length - 8);
        return crc.getValue();
    }

    /** Where the 8 hex digits of the checksum value sit in the header bytes, or -1 (if absent or ambiguous). */
    private static int indexOfChecksum(byte[] bytes, int from, int to) {
        byte[] needle = ("\"" + CHECKSUM_KEY + "\":\"").getBytes(StandardCharsets.US_ASCII);
        int found = -1;
        for (int i = from; i + needle.length + 8 <= to; i++) {
            if (matches(bytes, i, needle)) {
                if (found >= 0) {
                    return -1;
                }
                found = i + needle.length;
            }
        }
        return found;
    }

    private static boolean matches(byte[] bytes, int at, byte[] needle) {
        for (int k = 0; k < needle.length; k++) {
            if (bytes[at + k] != needle[k]) {
                return false;
            }
        }
        return true;
    }

    private static Slot slot(String name, Object value, Path path) {
        if (!(value instanceof Map<?, ?> entry)) {
            throw bad(path, "tensor '" + name + "': its header entry is not an object");
        }
        if (entry.size() != 3 || !(entry.get("dtype") instanceof String dtype)
                || !(entry.get("shape") instanceof List<?> shapeList)
                || !(entry.get("data_offsets") instanceof List<?> offsets)) {
            throw bad(path, "tensor '" + name + "': its header entry must have exactly dtype (a string), shape and "
                    + "data_offsets (arrays), got " + entry.keySet());
        }
        int size = switch (dtype) {
            case "F32", "I32" -> 4;
            case "I64", "F64" -> 8;
            case "F16", "BF16", "I16" -> 2;
            case "BOOL", "I8", "U8" -> 1;
            default -> throw bad(path, "tensor '" + name + "': dtype " + dtype + " is not supported (JTorch reads "
                    + "F32, F64, F16, BF16, I64, I32, I16, I8, U8 and BOOL)");
        };
        int[] shape = new int[shapeList.size()];
        long numel = 1;
        for (int d = 0; d < shape.length; d++) {
            if (!(shapeList.get(d) instanceof Long dim) || dim > Integer.MAX_VALUE) {
                throw bad(path, "tensor '" + name + "': shape " + shapeList + " must hold integers");
            }
            shape[d] = (int) (long) dim;
            numel *= dim;
            if (numel > Integer.MAX_VALUE) {
                throw bad(path, "tensor '" + name + "': shape " + shapeList + " has too many elements");
            }
        }
        if (offsets.size() != 2 || !(offsets.get(0) instanceof Long begin) || !(offsets.get(1) instanceof Long end)
                || begin > end) {
            throw bad(path, "tensor '" + name + "': data_offsets " + offsets + " must be two integers [begin, end] "
                    + "with begin <= end");
        }
        if (end - begin != numel * size) {
            throw bad(path, "tensor '" + name + "': " + dtype + " " + shapeList + " needs " + numel * size
                    + " bytes but data_offsets " + offsets + " span " + (end - begin));
        }
        return new Slot(name, dtype, shape, begin, end);
    }

    private static Tensor decode(Slot s, byte[] bytes, int dataStart, Path path) {
        ByteBuffer buf = ByteBuffer.wrap(bytes, dataStart + (int) s.begin(), (int) (s.end() - s.begin()))
                .slice().order(ByteOrder.LITTLE_ENDIAN);
        int n = 1;
        for (int d : s.shape()) {
            n *= d;
        }
        switch (s.dtype()) {
            case "F32", "F64", "F16", "BF16" -> {
                float[] out = new float[n];
                switch (s.dtype()) {
                    case "F32" -> buf.asFloatBuffer().get(out);
                    case "F64" -> {
                        for (int i = 0; i < n; i++) {
                            out[i] = (float) buf.getDouble(i * 8);
                        }
                    }
                    case "F16" -> {
                        for (int i = 0; i < n; i++) {
                            out[i] = Float.float16ToFloat(buf.getShort(i * 2));
                        }
                    }
                    default -> {
                        for (int i = 0; i < n; i++) {
                            out[i] = Float.intBitsToFloat((buf.getShort(i * 2) & 0xFFFF) << 16);
                        }
                    }
                }
                return Torch.tensor(out, s.shape());
            }
            case "BOOL" -> {
                boolean[] out = new boolean[n];
                for (int i = 0; i < n; i++) {
                    byte b = buf.get(i);
                    if (b != 0 && b != 1) {
                        throw bad(path, "tensor '" + s.name() + "': byte " + i + " of a BOOL tensor is " + b
                                + ", not 0 or 1; the file is corrupt");
                    }
                    out[i] = b == 1;
                }
                return Torch.tensor(out).reshape(s.shape());
            }
            default -> {
                long[] out = new long[n];
                switch (s.dtype()) {
                    case "I64" -> buf.asLongBuffer().get(out);
                    case "I32" -> {
                        for (int i = 0; i < n; i++) {
                            out[i] = buf.getInt(i * 4);
                        }
                    }
                    case "I16" -> {
                        for (int i = 0; i < n; i++) {
                            out[i] = buf.getShort(i * 2);
                        }
                    }
                    case "I8" -> {
                        for (int i = 0; i < n; i++) {
                            out[i] = buf.get(i);
                        }
                    }
                    default -> {
                        for (int i = 0; i < n; i++) {
                            out[i] = buf.get(i) & 0xFF;
                        }
                    }
                }
                return Torch.tensor(out, s.shape());
            }
        }
    }

    private static int elementSize(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> 4;
            case INT64 -> 8;
            case BOOL -> 1;
        };
    }

    private static String dtypeName(DType dtype) {
        return switch (dtype) {
            case FLOAT32 -> "F32";
            case INT64 -> "I64";
            case BOOL -> "BOOL";
        };
    }
}
