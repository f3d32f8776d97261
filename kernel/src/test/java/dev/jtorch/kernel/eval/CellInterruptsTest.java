package dev.jtorch.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jtorch.kernel.eval.CellInterrupts.Sender;
import org.junit.jupiter.api.Test;

/** Which cell an interrupt stops, for each order in which the interrupt and the cell can arrive. */
class CellInterruptsTest {

    private final CellInterrupts interrupts = new CellInterrupts(CellGuard::requestStop);

    private static Sender client(String date) {
        return Sender.of("session-a", date);
    }

    private boolean beginStopped(Sender cell) {
        interrupts.received(cell);
        interrupts.begin();
        boolean stopped = CellGuard.stopRequested();
        interrupts.ended();
        return stopped;
    }

    @Test
    void anInterruptWhileACellRunsStopsIt() {
        interrupts.received(client("2026-01-01T10:00:00Z"));
        interrupts.begin();
        assertFalse(CellGuard.stopRequested());
        interrupts.interrupt(client("2026-01-01T10:00:01Z"));
        assertTrue(CellGuard.stopRequested());
        interrupts.ended();
        assertFalse(beginStopped(client("2026-01-01T10:00:02Z")), "the next cell runs");
    }

    @Test
    void anInterruptBetweenReceiptAndBeginStopsTheCell() {
        interrupts.received(client("2026-01-01T10:00:00Z"));
        interrupts.interrupt(Sender.of("another-session", ""));
        interrupts.begin();
        assertTrue(CellGuard.stopRequested());
        interrupts.ended();
    }

    @Test
    void anInterruptThatOvertookItsCellStopsIt() {
        // jupyter_client and browsers write UTC with Z, microseconds or milliseconds.
        interrupts.interrupt(client("2026-01-01T10:00:00.000200Z"));
        assertTrue(beginStopped(client("2026-01-01T10:00:00.000100Z")));
        interrupts.interrupt(client("2026-01-01T10:00:05.120+00:00"));
        assertTrue(beginStopped(client("2026-01-01T10:00:05.120")), "a date without offset is UTC");
    }

    @Test
    void anInterruptWhileIdleIsForgottenByALaterCell() {
        interrupts.interrupt(client("2026-01-01T10:00:00Z"));
        assertFalse(beginStopped(client("2026-01-01T10:00:00.001Z")));
    }

    @Test
    void anIdleInterruptOfAnotherSessionOrWithoutDatesIsForgotten() {
        interrupts.interrupt(Sender.of("another-session", "2026-01-01T10:00:01Z"));
        assertFalse(beginStopped(client("2026-01-01T10:00:00Z")));
        interrupts.interrupt(client("not a date"));
        assertFalse(beginStopped(client("2026-01-01T10:00:00Z")));
        interrupts.interrupt(client("2026-01-01T10:00:01Z"));
        assertFalse(beginStopped(Sender.of("", "2026-01-01T10:00:00Z")), "no session, no comparison");
    }

    @Test
    void anIdleInterruptStopsAtMostOneCell() {
        interrupts.interrupt(client("2026-01-01T10:00:09Z"));
        assertTrue(beginStopped(client("2026-01-01T10:00:00Z")));
        assertFalse(beginStopped(client("2026-01-01T10:00:01Z")));
    }
}
