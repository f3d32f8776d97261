package dev.jtorch.io;

import static dev.jtorch.Torch.full;
import static org.junit.jupiter.api.Assertions.*;

import dev.jtorch.Tensor;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A process killed (SIGKILL) while it saves never leaves a half-written file at the target
 * path: after every kill the target loads, checksum and all, and holds one whole save.
 */
class SafetensorsKillTest {

    private static final int KILLS = 8;
    private static final int VALUES = 2_000_000;    // 8 MB a save: each write takes a while

    @TempDir
    Path dir;

    @Test
    void aSaveKilledAtAnyMomentLeavesTheTargetWhole() throws Exception {
        Path target = dir.resolve("checkpoint.safetensors");
        Random random = new Random(11);
        for (int kill = 0; kill < KILLS; kill++) {
            Process saver = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                    "-Xmx256m", "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    SafetensorsKillTest.class.getName(), target.toString()))
                    .redirectErrorStream(true).start();
            var lines = new BufferedReader(new InputStreamReader(saver.getInputStream()));
            String first = lines.readLine();
            assertEquals("saved", first, "the saving process did not save once");
            Thread.sleep(random.nextInt(150));
            saver.destroyForcibly();
            assertTrue(saver.waitFor(10, TimeUnit.SECONDS));

            Map<String, Tensor> loaded = Safetensors.load(target);
            float[] values = loaded.get("w").toFloatArray();
            assertEquals(VALUES, values.length, "kill " + kill);
            for (float v : values) {
                assertEquals(values[0], v, "kill " + kill + ": the file mixes two saves");
            }
        }
    }

    /** Saves to {@code args[0]} again and again, a different value each time, until killed. */
    public static void main(String[] args) {
        Path target = Path.of(args[0]);
        for (int i = 0; ; i++) {
            Safetensors.save(Map.of("w", full(new int[]{VALUES}, i)), target);
            if (i == 0) {
                System.out.println("saved");
                System.out.flush();
            }
        }
    }
}
