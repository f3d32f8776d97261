package dev.jtorch.kernel.eval;

import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import jdk.jshell.execution.DirectExecutionControl;
import jdk.jshell.spi.ExecutionControl;
import jdk.jshell.spi.ExecutionControlProvider;
import jdk.jshell.spi.ExecutionEnv;

/**
 * Runs snippets in the kernel's own JVM, on the thread that evaluates the cell. Keeps the raw
 * value of the last snippet (JShell itself only keeps its text), so the display system can
 * render a chart or a tensor, and can clear a displayed {@code $N} temporary so it does not
 * pin memory.
 */
final class KernelExecutionControl extends DirectExecutionControl {

    private final SnippetLoader loader;
    private volatile Thread userCodeThread;
    private Object lastValue;
    private Class<?> lastInvokedClass;

    KernelExecutionControl(SnippetLoader loader) {
        super(loader);
        this.loader = loader;
    }

    /** A provider that hands JShell this control. */
    static ExecutionControlProvider provider(KernelExecutionControl control) {
        return new ExecutionControlProvider() {
            @Override
            public String name() {
                return "jtorch";
            }

            @Override
            public ExecutionControl generate(ExecutionEnv env, Map<String, String> parameters) {
                return control;
            }
        };
    }

    @Override
    protected String invoke(Method doitMethod) throws Exception {
        lastValue = null;
        lastInvokedClass = doitMethod.getDeclaringClass();
        lastValue = doitMethod.invoke(null);
        // JShell's own value text is unused: the display system renders lastValue instead.
        return "";
    }

    @Override
    protected String throwConvertedInvocationException(Throwable cause) throws RunException, InternalException {
        if (cause instanceof CellInterruptedError || CellGuard.stopRequested()) {
            throw new StoppedException();
        }
        return super.throwConvertedInvocationException(cause);
    }

    @Override
    protected void clientCodeEnter() {
        userCodeThread = Thread.currentThread();
    }

    @Override
    protected void clientCodeLeave() {
        userCodeThread = null;
    }

    @Override
    public void stop() {
        CellGuard.requestStop();
        Thread running = userCodeThread;
        if (running != null) {
            running.interrupt();
        }
    }

    /** Runs {@code action} as user code: an interrupt meanwhile interrupts this thread too. */
    void runAsUserCode(Runnable action) {
        clientCodeEnter();
        try {
            action.run();
        } finally {
            clientCodeLeave();
        }
    }

    /** The value returned by the last snippet run (null for statements). */
    Object lastValue() {
        return lastValue;
    }

    /** Forgets the last value and sets the static field {@code name} of its snippet class to null. */
    void releaseLastValue(String name) {
        lastValue = null;
        if (lastInvokedClass == null) {
            return;
        }
        try {
            Field field = lastInvokedClass.getDeclaredField(name);
            field.setAccessible(true);
            field.set(null, null);
        } catch (ReflectiveOperationException | RuntimeException primitiveOrGone) {
            // A primitive temporary holds no reference worth releasing.
        }
    }

    /** The class loader of snippet classes. */
    ClassLoader snippetClassLoader() {
        return loader.classLoader();
    }
}
