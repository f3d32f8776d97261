package dev.jtorch.cpu;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ScratchTest {
    @Test
    void aSlotIsReusedAndGrownAndSlotsNeverAlias() {
        float[] a = Scratch.floats(0, 100);
        assertTrue(a.length >= 100);
        assertSame(a, Scratch.floats(0, 50), "a smaller request reuses the array");
        float[] b = Scratch.floats(1, 100);
        assertNotSame(a, b, "two slots are two arrays");
        float[] grown = Scratch.floats(0, 1000);
        assertTrue(grown.length >= 1000);
        assertSame(grown, Scratch.floats(0, 1000));
    }

    @Test
    void eachThreadHasItsOwnArrays() throws Exception {
        float[] mine = Scratch.floats(0, 64);
        AtomicReference<float[]> theirs = new AtomicReference<>();
        Thread t = new Thread(() -> theirs.set(Scratch.floats(0, 64)));
        t.start();
        t.join();
        assertNotSame(mine, theirs.get());
    }

    @Test
    void largeRequestsAreNotKept() {
        float[] big = Scratch.floats(0, Scratch.MAX_REUSED + 1);
        assertNotSame(big, Scratch.floats(0, Scratch.MAX_REUSED + 1));
        assertThrows(IllegalArgumentException.class, () -> Scratch.floats(Scratch.SLOTS, 1));
        assertThrows(IllegalArgumentException.class, () -> Scratch.floats(0, -1));
    }
}
