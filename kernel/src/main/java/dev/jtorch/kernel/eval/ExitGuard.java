package dev.jtorch.kernel.eval;

import dev.jtorch.kernel.KernelLog;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;
import java.util.function.IntConsumer;

/**
 * Keeps cells from ending the kernel's JVM by any road. Every way Java code has to end the JVM
 * passes through {@code Runtime.exit} or {@code Runtime.halt}: {@code System.exit}, reflection
 * ({@code Method.invoke}, {@code java.beans.Statement}), method handles, method references,
 * threads a cell started, the code of jars it added. Installed by the jar's launcher agent
 * ({@link KernelAgent}, before {@code main}), this class rewrites those two methods of {@link Runtime} to ask a hook first; once
 * the kernel {@link #engage engages} the guard, the hook refuses with the reason, and the kernel
 * ends the JVM itself through {@link #exit} and {@link #halt}. (Signals still end it: Jupyter's
 * restart and kill do not go through {@code Runtime}.)
 *
 * <pre>{@code
 * ExitGuard.engage();               // a cell's System.class.getMethod("exit", int.class).invoke(null, 0) now throws
 * ...
 * ExitGuard.halt(0);                // the kernel's own end
 * }</pre>
 */
public final class ExitGuard {

    // Runtime lives in java.base and cannot see kernel classes: the hook waits for it in a system property.
    private static final String HOOK_PROPERTY = "dev.jtorch.kernel.exitGuard";
    private static final ClassDesc INT_CONSUMER = ClassDesc.of(IntConsumer.class.getName());
    private static final ClassDesc PROPERTIES = ClassDesc.of("java.util.Properties");
    private static volatile boolean engaged;

    private ExitGuard() {
    }

    /** Rewrites {@code Runtime.exit} and {@code Runtime.halt} (from the launcher agent, before main). */
    static void install(Instrumentation instrumentation) {
        ClassFileTransformer transformer = new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> type,
                                    ProtectionDomain domain, byte[] bytes) {
                return name.equals("java/lang/Runtime") ? askHookFirst(bytes) : null;
            }
        };
        try {
            instrumentation.addTransformer(transformer, true);
            instrumentation.retransformClasses(Runtime.class);
        } catch (Exception | LinkageError e) {
            KernelLog.warn("exits through reflection and method handles cannot be refused", e);
        } finally {
            instrumentation.removeTransformer(transformer);
        }
    }

    /** From now on, ending the JVM through {@code Runtime} is refused, from any thread. */
    public static void engage() {
        System.getProperties().put(HOOK_PROPERTY, (IntConsumer) ExitGuard::check);
        engaged = true;
    }

    /** The kernel's own end: lifts the guard and calls {@code System.exit(status)}. */
    public static void exit(int status) {
        engaged = false;
        System.exit(status);
    }

    /** The kernel's own end, without shutdown hooks: lifts the guard and halts. */
    public static void halt(int status) {
        engaged = false;
        Runtime.getRuntime().halt(status);
    }

    private static void check(int status) {
        if (engaged) {
            throw CellGuard.refuse(callee() + "(" + status + ")");
        }
    }

    // The call as the user wrote it: System.exit, Runtime.exit or Runtime.halt.
    private static String callee() {
        return StackWalker.getInstance().walk(frames -> {
            String[] found = {null};
            frames.dropWhile(frame -> !frame.getClassName().equals("java.lang.Runtime")).limit(2).forEach(frame -> {
                if (found[0] == null) {
                    found[0] = "Runtime." + frame.getMethodName();
                } else if (frame.getClassName().equals("java.lang.System") && frame.getMethodName().equals("exit")) {
                    found[0] = "System.exit";
                }
            });
            return found[0] == null ? "Runtime.exit" : found[0];
        });
    }

    // exit(int) and halt(int) begin with: if (System.getProperties().get(HOOK) instanceof IntConsumer hook) hook.accept(status);
    private static byte[] askHookFirst(byte[] runtimeClass) {
        ClassFile classFile = ClassFile.of();
        return classFile.transformClass(classFile.parse(runtimeClass), ClassTransform.transformingMethodBodies(
                ExitGuard::endsTheJvm, new CodeTransform() {
                    @Override
                    public void atStart(CodeBuilder code) {
                        Label noHook = code.newLabel();
                        Label done = code.newLabel();
                        code.invokestatic(ClassDesc.of("java.lang.System"), "getProperties", MethodTypeDesc.of(PROPERTIES))
                                .ldc(HOOK_PROPERTY)
                                .invokevirtual(PROPERTIES, "get", MethodTypeDesc.of(ConstantDescs.CD_Object,
                                        ConstantDescs.CD_Object))
                                .dup()
                                .instanceOf(INT_CONSUMER)
                                .ifeq(noHook)
                                .checkcast(INT_CONSUMER)
                                .iload(1)
                                .invokeinterface(INT_CONSUMER, "accept", MethodTypeDesc.of(ConstantDescs.CD_void,
                                        ConstantDescs.CD_int))
                                .goto_(done)
                                .labelBinding(noHook)
                                .pop()
                                .labelBinding(done);
                    }

                    @Override
                    public void accept(CodeBuilder code, CodeElement element) {
                        code.with(element);
                    }
                }));
    }

    private static boolean endsTheJvm(MethodModel method) {
        return (method.methodName().equalsString("exit") || method.methodName().equalsString("halt"))
                && method.methodType().equalsString("(I)V");
    }
}
