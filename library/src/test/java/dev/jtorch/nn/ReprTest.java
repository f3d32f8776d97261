package dev.jtorch.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Layer arguments print as Python prints them, so that printouts read like PyTorch's. */
class ReprTest {

    @Test
    void numbersPrintAsPythonRepr() {
        assertEquals("0.1", Repr.num(0.1));
        assertEquals("1e-05", Repr.num(1e-5));
        assertEquals("0.0001", Repr.num(1e-4));
        assertEquals("0.001", Repr.num(0.001));
        assertEquals("1.0", Repr.num(1));
        assertEquals("0.0", Repr.num(0));
        assertEquals("-0.5", Repr.num(-0.5));
        assertEquals("10000000.0", Repr.num(1e7));
        assertEquals("1e+16", Repr.num(1e16));
        assertEquals("2.5e-07", Repr.num(2.5e-7));
    }
}
