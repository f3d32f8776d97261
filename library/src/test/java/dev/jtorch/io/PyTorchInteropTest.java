package dev.jtorch.io;

import dev.jtorch.DType;
import dev.jtorch.Tensor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.jtorch.Torch.tensor;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Files cross between JTorch and PyTorch both ways. The Python side parses the format with
 * plain struct/json and torch.frombuffer (Debian has no safetensors package). Skipped where
 * Debian's python3 has no torch.
 */
class PyTorchInteropTest {
    static final String PYTHON = "/usr/bin/python3";

    static final String SCRIPT = """
            import json, struct, sys, torch

            src, dst = sys.argv[1], sys.argv[2]
            raw = open(src, "rb").read()
            n = struct.unpack("<Q", raw[:8])[0]
            header = json.loads(raw[8:8 + n])
            header.pop("__metadata__", None)
            data = raw[8 + n:]
            types = {"F32": torch.float32, "I64": torch.int64, "BOOL": torch.bool}
            for name, info in header.items():
                begin, end = info["data_offsets"]
                t = torch.frombuffer(bytearray(data[begin:end]), dtype=types[info["dtype"]]).reshape(info["shape"])
                values = ",".join(repr(int(v)) if t.dtype != torch.float32 else repr(float(v)) for v in t.flatten().tolist())
                print(name + "|" + str(t.dtype) + "|" + ",".join(str(s) for s in t.shape) + "|" + values)

            out = {
                "thirds": (torch.arange(6, dtype=torch.float32) / 3).reshape(2, 3),
                "labels": torch.tensor([3, -1, 2**40], dtype=torch.int64),
                "mask": torch.tensor([True, False]),
                "half": torch.tensor([0.5, -1.25, 65504.0], dtype=torch.float16),
                "brain": torch.tensor([1.0, -2.5], dtype=torch.bfloat16),
            }
            codes = {torch.float32: "F32", torch.int64: "I64", torch.bool: "BOOL", torch.float16: "F16", torch.bfloat16: "BF16"}
            head, blobs, offset = {"__metadata__": {"format": "pt"}}, [], 0
            for name, t in out.items():
                blob = t.contiguous().view(torch.uint8).numpy().tobytes()
                head[name] = {"dtype": codes[t.dtype], "shape": list(t.shape), "data_offsets": [offset, offset + len(blob)]}
                blobs.append(blob)
                offset += len(blob)
            text = json.dumps(head).encode()
            with open(dst, "wb") as f:
                f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void requireTorch() throws Exception {
        boolean available = false;
        if (Files.isExecutable(Path.of(PYTHON))) {
            Process p = new ProcessBuilder(PYTHON, "-c", "import torch").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            available = p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0;
        }
        assumeTrue(available, "PyTorch is not importable by " + PYTHON + " (Debian: apt-get install python3-torch); "
                + "skipping the interop test");
    }

    @Test
    void pytorchReadsJTorchFilesAndJTorchReadsPyTorchFiles() throws Exception {
        Map<String, Tensor> dict = new LinkedHashMap<>();
        dict.put("fc.weight", tensor(new float[][]{{0.1f, -2}, {3.5f, 1e-8f}, {Float.MAX_VALUE, -0f}}));
        dict.put("steps", tensor(new long[]{Long.MIN_VALUE, 0, 123456789012L}));
        dict.put("flags", tensor(new boolean[]{false, true, true}));
        Path fromJava = dir.resolve("jtorch.safetensors");
        Path fromPython = dir.resolve("pytorch.safetensors");
        Serialization.save(dict, fromJava);

        Path script = Files.writeString(dir.resolve("interop.py"), SCRIPT);
        Process p = new ProcessBuilder(PYTHON, script.toString(), fromJava.toString(), fromPython.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(120, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), output);

        Map<String, String[]> seen = new HashMap<>();
        for (String line : output.lines().filter(l -> l.contains("|")).toList()) {
            String[] f = line.split("\\|", -1);
            seen.put(f[0], f);
        }
        assertEquals(dict.keySet(), seen.keySet(), output);
        String[] w = seen.get("fc.weight");
        assertEquals("torch.float32", w[1]);
        assertEquals("3,2", w[2]);
        assertArrayEquals(dict.get("fc.weight").toFloatArray(), parseFloats(w[3]));
        assertEquals("torch.int64|3|-9223372036854775808,0,123456789012", String.join("|", List.of(seen.get("steps")).subList(1, 4)));
        assertEquals("torch.bool|3|0,1,1", String.join("|", List.of(seen.get("flags")).subList(1, 4)));

        Map<String, Tensor> loaded = Serialization.load(fromPython);
        assertEquals(List.of("thirds", "labels", "mask", "half", "brain"), List.copyOf(loaded.keySet()));
        float[] thirds = new float[6];
        for (int i = 0; i < 6; i++) {
            thirds[i] = i / 3f;
        }
        assertArrayEquals(new int[]{2, 3}, loaded.get("thirds").shape());
        assertArrayEquals(thirds, loaded.get("thirds").toFloatArray());
        assertArrayEquals(new long[]{3, -1, 1L << 40}, loaded.get("labels").toLongArray());
        assertArrayEquals(new boolean[]{true, false}, loaded.get("mask").toBooleanArray());
        assertEquals(DType.FLOAT32, loaded.get("half").dtype());
        assertArrayEquals(new float[]{0.5f, -1.25f, 65504f}, loaded.get("half").toFloatArray());
        assertArrayEquals(new float[]{1f, -2.5f}, loaded.get("brain").toFloatArray());
    }

    static float[] parseFloats(String csv) {
        String[] parts = csv.split(",");
        float[] out = new float[parts.length];
        for (int i = 0; i < parts.length; i++) {
            out[i] = (float) Double.parseDouble(parts[i]);
        }
        return out;
    }
}
