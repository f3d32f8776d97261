package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import dev.jtorch.Torch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.CRC32;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SafetensorsTest {
    @TempDir
    Path dir;

    static Map<String, Tensor> sample() {
        Map<String, Tensor> dict = new LinkedHashMap<>();
        dict.put("fc1.weight", tensor(new float[][]{{1, 2, 3}, {4, 5, 6}}).t());   // a non-contiguous view
        dict.put("fc1.bias", tensor(new float[]{-0.5f, Float.MIN_VALUE}));
        dict.put("steps", tensor(new long[]{Long.MAX_VALUE, -7}));
        dict.put("mask", tensor(new boolean[]{true, false, true}));
        dict.put("scale", Torch.scalar(2.5));
        dict.put("empty", Torch.zeros(0, 3));
        dict.put("a \"quoted\"\\name\u00e9\n", tensor(new float[]{42}));
        return dict;
    }

    @Test
    void aStateDictRoundTripsWithItsKeyOrderShapesAndTypes() {
        Path file = dir.resolve("model.safetensors");
        Map<String, Tensor> saved = sample();
        Serialization.save(saved, file);
        Map<String, Tensor> loaded = Serialization.load(file);
        assertEquals(List.copyOf(saved.keySet()), List.copyOf(loaded.keySet()));
        for (String key : saved.keySet()) {
            Tensor a = saved.get(key);
            Tensor b = loaded.get(key);
            assertArrayEquals(a.shape(), b.shape(), key);
            assertEquals(a.dtype(), b.dtype(), key);
            if (a.dtype() == DType.INT64) {
                assertArrayEquals(a.toLongArray(), b.toLongArray(), key);
            } else if (a.dtype() == DType.BOOL) {
                assertArrayEquals(a.toBooleanArray(), b.toBooleanArray(), key);
            } else {
                assertArrayEquals(a.toFloatArray(), b.toFloatArray(), key);
            }
        }
        assertEquals(List.of(file.getFileName().toString()), listNames());
    }

    @Test
    void userMetadataIsKeptBesideTheChecksum() {
        Path file = dir.resolve("m.safetensors");
        Safetensors.save(Map.of("x", tensor(new float[]{1})), file, Map.of("epoch", "12", "note", "line\n\"two\""));
        Map<String, String> meta = Safetensors.metadata(file);
        assertEquals("12", meta.get("epoch"));
        assertEquals("line\n\"two\"", meta.get("note"));
        assertEquals("pt", meta.get("format"));
        assertTrue(meta.get(Safetensors.CHECKSUM_KEY).matches("[0-9a-f]{8}"));
    }

    /** The bytes of a safetensors file laid out by the format's description: length, JSON header, data. */
    static byte[] layout(String json, boolean pad, byte[] data) {
        byte[] header = json.getBytes(StandardCharsets.UTF_8);
        int n = pad ? (header.length + 7) / 8 * 8 : header.length;
        ByteBuffer b = ByteBuffer.allocate(8 + n + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(n).put(header);
        for (int i = header.length; i < n; i++) {
            b.put((byte) ' ');
        }
        return b.put(data).array();
    }

    @Test
    void theWriterLaysOutTheBytesTheSpecificationDescribes() throws IOException {
        byte[] data = ByteBuffer.allocate(8 + 16 + 2).order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(1.0f).putFloat(-2.0f)        // w: F32 [2]
                .putLong(3).putLong(-1)                // idx: I64 [2]
                .put((byte) 1).put((byte) 0)           // on: BOOL [2]
                .array();
        String json = "{\"__metadata__\":{\"format\":\"pt\",\"writer\":\"JTorch\",\"jtorch.crc32\":\"%s\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"idx\":{\"dtype\":\"I64\",\"shape\":[2,1],\"data_offsets\":[8,24]},"
                + "\"on\":{\"dtype\":\"BOOL\",\"shape\":[2],\"data_offsets\":[24,26]}}";
        // The checksum is the CRC32 of everything after the length field, its own digits zeroed.
        byte[] zeroed = layout(json.formatted("00000000"), true, data);
        CRC32 crc = new CRC32();
        crc.update(zeroed, 8, zeroed.length - 8);
        byte[] expected = layout(json.formatted(String.format("%08x", crc.getValue())), true, data);

        Map<String, Tensor> dict = new LinkedHashMap<>();
        dict.put("w", tensor(new float[]{1, -2}));
        dict.put("idx", tensor(new long[]{3, -1}).reshape(2, 1));
        dict.put("on", tensor(new boolean[]{true, false}));
        Path file = dir.resolve("spec.safetensors");
        Safetensors.save(dict, file);
        assertArrayEquals(expected, Files.readAllBytes(file));
    }

    @Test
    void aFileFromAnotherWriterIsReadWithoutAChecksum() throws IOException {
        // Unpadded header, keys not in data order, no metadata, spaces around tokens.
        byte[] data = ByteBuffer.allocate(4 + 8 + 8).order(ByteOrder.LITTLE_ENDIAN)
                .putFloat(0.25f).putLong(-9).putDouble(1.5).array();
        String json = "{ \"b\" : {\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[4,12]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1,1],\"data_offsets\":[0,4]},"
                + "\"c\\u00e9\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[12,20]} }";
        Path file = Files.write(dir.resolve("foreign.safetensors"), layout(json, false, data));
        Map<String, Tensor> loaded = Safetensors.load(file);
        assertEquals(List.of("a", "b", "c\u00e9"), List.copyOf(loaded.keySet()));
        assertEquals(0.25f, loaded.get("a").get(0, 0));
        assertEquals(0, loaded.get("b").dim());
        assertEquals(-9, loaded.get("b").longItem());
        assertEquals(DType.FLOAT32, loaded.get("c\u00e9").dtype());
        assertEquals(1.5f, loaded.get("c\u00e9").item());
    }

    @Test
    void inconsistentHeadersAreRefusedNamingTheTensor() throws IOException {
        byte[] data = new byte[8];
        String overlap = "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}";
        Path file = Files.write(dir.resolve("overlap.safetensors"), layout(overlap, true, data));
        var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(file));
        assertTrue(e.getMessage().contains("overlap.safetensors") && e.getMessage().contains("'b'"), e.getMessage());

        String wrongSize = "{\"a\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}";
        Files.write(file, layout(wrongSize, true, data));
        e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(file));
        assertTrue(e.getMessage().contains("'a'") && e.getMessage().contains("needs 12 bytes"), e.getMessage());

        String unknownType = "{\"a\":{\"dtype\":\"C64\",\"shape\":[1],\"data_offsets\":[0,8]}}";
        Files.write(file, layout(unknownType, true, data));
        e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(file));
        assertTrue(e.getMessage().contains("C64"), e.getMessage());

        String floats = "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.0],\"data_offsets\":[0,8]}}";
        Files.write(file, layout(floats, true, data));
        e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(file));
        assertTrue(e.getMessage().contains("integers"), e.getMessage());
    }

    @Test
    void everyTruncationIsDetected() throws IOException {
        Path good = dir.resolve("good.safetensors");
        Safetensors.save(sample(), good);
        byte[] bytes = Files.readAllBytes(good);
        Path cut = dir.resolve("cut.safetensors");
        for (int length = 0; length < bytes.length; length++) {
            Files.write(cut, java.util.Arrays.copyOf(bytes, length));
            int at = length;
            var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(cut), "cut at " + at);
            assertTrue(e.getMessage().contains("cut.safetensors"), e.getMessage());
        }
    }

    @Test
    void everySingleBitFlipAndRandomDamageIsDetected() throws IOException {
        Map<String, Tensor> dict = new LinkedHashMap<>();
        dict.put("w", tensor(new float[][]{{0.5f, -1}, {2, 3}}));
        dict.put("n", tensor(new long[]{5}));
        dict.put("m", tensor(new boolean[]{true}));
        Path good = dir.resolve("good.safetensors");
        Safetensors.save(dict, good);
        byte[] bytes = Files.readAllBytes(good);
        Path bad = dir.resolve("flipped.safetensors");
        for (int bit = 0; bit < bytes.length * 8; bit++) {
            byte[] copy = bytes.clone();
            copy[bit / 8] ^= (byte) (1 << (bit % 8));
            Files.write(bad, copy);
            int at = bit;
            var e = assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(bad), "bit " + at);
            assertTrue(e.getMessage().contains("flipped.safetensors"), e.getMessage());
        }
        SplittableRandom random = new SplittableRandom(42);
        for (int trial = 0; trial < 200; trial++) {
            byte[] copy = bytes.clone();
            int flips = 2 + random.nextInt(6);
            for (int k = 0; k < flips; k++) {
                int bit = random.nextInt(copy.length * 8);
                copy[bit / 8] ^= (byte) (1 << (bit % 8));
            }
            if (java.util.Arrays.equals(copy, bytes)) {
                continue;   // two flips of one bit cancel out
            }
            Files.write(bad, copy);
            assertThrows(SafetensorsFormatException.class, () -> Safetensors.load(bad), "trial " + trial);
        }
        assertEquals(dict.keySet(), Safetensors.load(good).keySet());
    }

    @Test
    void aMissingFileIsNamed() {
        Path missing = dir.resolve("nothing-here.safetensors");
        var e = assertThrows(UncheckedIOException.class, () -> Serialization.load(missing));
        assertTrue(e.getMessage().contains("nothing-here.safetensors") && e.getMessage().contains("no such file"),
                e.getMessage());
    }

    @Test
    void aFailedSaveLeavesTheOldFileWholeAndNoTemporaryFile() throws IOException {
        Path file = dir.resolve("ckpt.safetensors");
        Safetensors.save(Map.of("x", tensor(new float[]{1, 2})), file);
        byte[] before = Files.readAllBytes(file);
        Tensor exploding = new Tensor(tensor(new float[]{3})) {
            @Override
            public float[] toFloatArray() {
                throw new IllegalStateException("simulated failure while writing");
            }
        };
        Map<String, Tensor> dict = new LinkedHashMap<>();
        dict.put("x", tensor(new float[]{9, 9}));
        dict.put("boom", exploding);
        assertThrows(IllegalStateException.class, () -> Safetensors.save(dict, file));
        assertArrayEquals(before, Files.readAllBytes(file));
        assertEquals(List.of("ckpt.safetensors"), listNames());

        Safetensors.save(Map.of("y", tensor(new long[]{4})), file);   // replaces the file whole
        assertEquals(List.of("y"), List.copyOf(Safetensors.load(file).keySet()));
        assertEquals(List.of("ckpt.safetensors"), listNames());
    }

    @Test
    void reservedNamesAreRefused() {
        Path file = dir.resolve("r.safetensors");
        var e = assertThrows(IllegalArgumentException.class,
                () -> Safetensors.save(Map.of("__metadata__", tensor(new float[]{1})), file));
        assertTrue(e.getMessage().contains("__metadata__"), e.getMessage());
    }

    private List<String> listNames() {
        try (var files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
