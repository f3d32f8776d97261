package dev.jtorch.kernel;

import dev.jtorch.kernel.channel.Dispatcher;
import dev.jtorch.kernel.channel.Iopub;
import dev.jtorch.kernel.channel.RouterChannel;
import dev.jtorch.kernel.channel.Session;
import dev.jtorch.kernel.display.DisplayPublisher;
import dev.jtorch.kernel.display.Notebook;
import dev.jtorch.kernel.display.Renderers;
import dev.jtorch.kernel.eval.Evaluator;
import dev.jtorch.kernel.eval.ExitGuard;
import dev.jtorch.kernel.io.OutputRouter;
import dev.jtorch.kernel.io.StdinBridge;
import dev.jtorch.kernel.magic.Magics;
import dev.jtorch.kernel.magic.MavenResolver;
import dev.jtorch.kernel.wire.ConnectionInfo;
import dev.jtorch.kernel.wire.HmacSigner;
import dev.jtorch.kernel.wire.ReplayGuard;
import dev.jtorch.kernel.wire.WireFormat;
import dev.jtorch.kernel.wire.WireWarmUp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import org.zeromq.ZMQException;

/**
 * A running kernel: the five sockets of the connection file, a thread each for heartbeat,
 * shell, control and iopub, and the cell thread behind them. Control has its own thread so
 * that interrupt and shutdown get through while a cell runs.
 *
 * <pre>{@code
 * Kernel kernel = Kernel.start(ConnectionInfo.read(Path.of(connectionFile)));
 * kernel.awaitShutdown();   // returns after a shutdown_request was answered
 * }</pre>
 */
public final class Kernel {

    private static final int POLL_MILLIS = 100;
    private static final int WIRE_WARM_UP_CELLS = 100;
    // Closing waits at most this long in all, so that the process is gone within a second of shutdown_reply.
    private static final long CLOSE_NANOS = 600_000_000L;

    private final ZContext context = new ZContext();
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final List<Thread> channelThreads = new ArrayList<>();
    private volatile boolean running = true;
    private Iopub iopub;
    private Evaluator evaluator;
    private OutputRouter output;
    private StdinBridge stdin;

    private Kernel() {
    }

    /** Binds every socket, starts the threads and JShell (in the background), and returns. */
    public static Kernel start(ConnectionInfo info) {
        Kernel kernel = new Kernel();
        kernel.bind(info);
        return kernel;
    }

    private void bind(ConnectionInfo info) {
        Session session = Session.create(new WireFormat(new HmacSigner(info.key()), new ReplayGuard(1 << 16)));
        ZMQ.Socket heartbeat = context.createSocket(SocketType.REP);
        heartbeat.bind(info.endpoint(info.hbPort()));
        iopub = new Iopub(context, info.endpoint(info.iopubPort()), session);
        RouterChannel shell = new RouterChannel("shell", context, info.endpoint(info.shellPort()), session);
        RouterChannel control = new RouterChannel("control", context, info.endpoint(info.controlPort()), session);
        RouterChannel stdinChannel = new RouterChannel("stdin", context, info.endpoint(info.stdinPort()), session);
        iopub.status(null, "starting");

        evaluator = Evaluator.start(StartupImports.snippets());
        // From here on the JVM holds people's work: only the kernel's own shutdown may end it.
        ExitGuard.engage();
        output = new OutputRouter(iopub);
        stdin = new StdinBridge(stdinChannel, output);
        DisplayPublisher display = new DisplayPublisher(iopub, output, Renderers.standard());
        Notebook.install(display);
        output.install();
        System.setIn(stdin);

        Thread.ofPlatform().daemon().name("jtorch-wire-warm-up").start(this::warmUpWire);
        KernelHandlers handlers = new KernelHandlers(evaluator, new Magics(evaluator, new MavenResolver()), output,
                stdin, display, shutdown::countDown);
        Dispatcher shellDispatcher = new Dispatcher(handlers.shellTable(), iopub);
        Dispatcher controlDispatcher = new Dispatcher(handlers.controlTable(), iopub);
        channelThreads.add(Thread.ofPlatform().daemon().name("jtorch-heartbeat").start(() -> echo(heartbeat)));
        channelThreads.add(Thread.ofPlatform().name("jtorch-control").start(() -> serve(control, controlDispatcher)));
        channelThreads.add(Thread.ofPlatform().name("jtorch-shell").start(() -> serve(shell, shellDispatcher)));
    }

    // JSON and HMAC get compiled before cells need them, from when JShell starts building (after the first kernel_info).
    private void warmUpWire() {
        try {
            evaluator.awaitStartSignal();
            WireWarmUp.run(WIRE_WARM_UP_CELLS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve(RouterChannel channel, Dispatcher dispatcher) {
        try {
            while (running) {
                try {
                    var message = channel.receive(POLL_MILLIS);
                    if (message != null) {
                        dispatcher.dispatch(message, channel);
                    }
                } catch (ZMQException e) {
                    if (running) {
                        KernelLog.warn(channel.name() + ": socket error", e);
                    }
                    return;
                } catch (RuntimeException | Error e) {
                    // An Error from cell code reached here (a value's toString stopped by interrupt, say): the channel goes on.
                    KernelLog.warn(channel.name() + ": request failed", e);
                }
            }
        } finally {
            channel.close();
        }
    }

    private void echo(ZMQ.Socket heartbeat) {
        heartbeat.setReceiveTimeOut(POLL_MILLIS);
        try {
            while (running) {
                byte[] ping = heartbeat.recv();
                if (ping != null) {
                    heartbeat.send(ping);
                }
            }
        } catch (ZMQException e) {
            // The context is closing: the heartbeat ends with the kernel.
        } finally {
            heartbeat.close();
        }
    }

    /**
     * Waits for a shutdown_request, then stops: the running cell is interrupted, channels send
     * what is queued (the shutdown reply included) and close, JShell closes, and the ZeroMQ
     * context ends, all within a time limit: a cell that ignores the interrupt does not hold the
     * process.
     */
    public void awaitShutdown() throws InterruptedException {
        shutdown.await();
        long deadline = System.nanoTime() + CLOSE_NANOS;
        running = false;
        evaluator.interrupt();
        for (Thread thread : channelThreads) {
            thread.join(millisLeft(deadline));
        }
        stdin.close();
        output.close();
        iopub.close();
        // Every socket is closed by its own thread by now; ending the context waits for what they still send.
        Thread terminate = Thread.ofPlatform().daemon().name("jtorch-close").start(context::close);
        terminate.join(millisLeft(deadline));
        if (terminate.isAlive()) {
            KernelLog.warn("ZeroMQ was still sending when the " + CLOSE_NANOS / 1_000_000 + " ms of shutdown were up; "
                    + "the kernel exits anyway");
        }
        // After the channels: no request can reach the cell thread any more. A cell's last snippet may still be ending.
        evaluator.close(Math.max(millisLeft(deadline), 100));
    }

    private static long millisLeft(long deadline) {
        return Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
    }
}
