package dev.jtorch.kernel.eval;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * Which cell an interrupt stops. The control thread handles an interrupt at once, while a cell
 * begins only after the shell thread has read its request and handed it to the cell thread; the
 * two requests even travel on different sockets. So an interrupt can arrive before the cell it
 * was meant for has begun, and beginning a cell must not forget it. An interrupt stops:
 * <ul>
 *   <li>the cell running when it arrives; else</li>
 *   <li>the cell the kernel has received and not yet begun; else</li>
 *   <li>the next cell to begin, if the same client (same session) sent it no later than the
 *       interrupt: that cell was on its way.</li>
 * </ul>
 * Any other interrupt finds the kernel idle and, as in ipykernel, is forgotten when the next cell
 * begins (meanwhile it still stops threads an earlier cell left running, at their next stop check).
 *
 * <pre>{@code
 * interrupts.received(Sender.of(header.session(), header.date()));   // shell thread, as a request is read
 * interrupts.interrupt(Sender.of(header.session(), header.date()));  // control thread
 * evaluator.beginCell();                                             // cell thread: starts stopped if meant
 * interrupts.ended();                                                // shell thread, once the cell returned
 * }</pre>
 */
public final class CellInterrupts {

    /**
     * Who sent a request, and when by the sender's clock (null when its header has no readable
     * date); requests of one session share a clock, so their dates can be compared.
     */
    public record Sender(String session, Instant sentAt) {

        /** The sender of a request whose header holds {@code session} and the ISO 8601 {@code date}. */
        public static Sender of(String session, String date) {
            return new Sender(session == null ? "" : session, parseDate(date));
        }

        boolean sentNoLaterThan(Sender other) {
            return !session.isEmpty() && session.equals(other.session)
                    && sentAt != null && other.sentAt != null && !sentAt.isAfter(other.sentAt);
        }

        private static Instant parseDate(String date) {
            if (date == null || date.isBlank()) {
                return null;
            }
            try {
                return OffsetDateTime.parse(date).toInstant();
            } catch (DateTimeParseException withoutOffset) {
                try {
                    return LocalDateTime.parse(date).toInstant(ZoneOffset.UTC);    // the spec's dates are UTC
                } catch (DateTimeParseException unreadable) {
                    return null;
                }
            }
        }
    }

    private enum Phase { IDLE, RECEIVED, RUNNING }

    private final Runnable stopRunningCode;
    private Phase phase = Phase.IDLE;
    private boolean stopAtBegin;
    private Sender idleInterrupt;

    /** Interrupts that stop cell code with {@code stopRunningCode} (sets the stop flag, wakes the cell thread). */
    CellInterrupts(Runnable stopRunningCode) {
        this.stopRunningCode = stopRunningCode;
    }

    /** An execute request from {@code cell} was read; an interrupt from now on stops it. */
    public synchronized void received(Sender cell) {
        phase = Phase.RECEIVED;
        stopAtBegin = idleInterrupt != null && cell.sentNoLaterThan(idleInterrupt);
        idleInterrupt = null;
    }

    /** An interrupt request from {@code sender}: stops the running cell, or the one about to begin. */
    public synchronized void interrupt(Sender sender) {
        stopRunningCode.run();
        switch (phase) {
            case RECEIVED -> stopAtBegin = true;
            case IDLE -> idleInterrupt = sender;
            case RUNNING -> {
                // The stop flag reaches the running cell.
            }
        }
    }

    /** The cell begins: it keeps an interrupt meant for it, and forgets any other (cell thread). */
    synchronized void begin() {
        phase = Phase.RUNNING;
        if (stopAtBegin) {
            CellGuard.requestStop();
        } else {
            CellGuard.reset();
        }
        stopAtBegin = false;
        idleInterrupt = null;
    }

    /** The cell has returned; an interrupt from now on finds the kernel idle. */
    public synchronized void ended() {
        phase = Phase.IDLE;
    }
}
