package dev.jtorch.kernel.eval;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.InvokeDynamicInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DirectMethodHandleDesc;
import java.lang.constant.DynamicCallSiteDesc;
import java.lang.constant.MethodHandleDesc;
import java.lang.constant.MethodTypeDesc;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Rewrites the bytes of snippet classes as they are loaded: a call to {@link CellGuard#stopCheck()}
 * at each method entry and before each backward branch (so interrupt stops loops), and calls to
 * {@code System.exit}, {@code Runtime.exit}, {@code Runtime.halt} turned into calls to
 * {@link CellGuard}, which refuse. Stack maps are recomputed with a resolver that knows the
 * snippets' own classes, which the JDK's default resolver cannot see (JDK-8366926).
 */
final class SnippetWeaver {

    private static final ClassDesc GUARD = ClassDesc.of(CellGuard.class.getName());
    private static final ClassDesc SYSTEM = ClassDesc.of("java.lang.System");
    private static final ClassDesc RUNTIME = ClassDesc.of("java.lang.Runtime");
    private static final MethodTypeDesc INT_TO_VOID = MethodTypeDesc.of(ConstantDescs.CD_void, ConstantDescs.CD_int);
    private static final MethodTypeDesc RUNTIME_INT_TO_VOID =
            MethodTypeDesc.of(ConstantDescs.CD_void, RUNTIME, ConstantDescs.CD_int);

    private final ClassFile classFile;

    /** A weaver that resolves class hierarchies with {@code resolver}. */
    SnippetWeaver(ClassHierarchyResolver resolver) {
        this.classFile = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(resolver));
    }

    /** The woven version of one class file. */
    byte[] weave(byte[] bytes) {
        return classFile.transformClass(classFile.parse(bytes),
                ClassTransform.transformingMethodBodies(CodeTransform.ofStateful(StopAndExitTransform::new)));
    }

    private static final class StopAndExitTransform implements CodeTransform {

        private final Set<Label> seenLabels = new HashSet<>();

        @Override
        public void atStart(CodeBuilder builder) {
            builder.invokestatic(GUARD, "stopCheck", ConstantDescs.MTD_void);
        }

        @Override
        public void accept(CodeBuilder builder, CodeElement element) {
            switch (element) {
                case LabelTarget target -> {
                    seenLabels.add(target.label());
                    builder.with(element);
                }
                case BranchInstruction branch when seenLabels.contains(branch.target()) -> {
                    builder.invokestatic(GUARD, "stopCheck", ConstantDescs.MTD_void);
                    builder.with(element);
                }
                case InvokeInstruction call when isCall(call, SYSTEM, "exit") ->
                        builder.invokestatic(GUARD, "exit", INT_TO_VOID);
                case InvokeInstruction call when isCall(call, RUNTIME, "exit") ->
                        builder.invokestatic(GUARD, "runtimeExit", RUNTIME_INT_TO_VOID);
                case InvokeInstruction call when isCall(call, RUNTIME, "halt") ->
                        builder.invokestatic(GUARD, "runtimeHalt", RUNTIME_INT_TO_VOID);
                // System::exit as a method reference or lambda target would slip past the checks above.
                case InvokeDynamicInstruction indy when indy.bootstrapArgs().stream().anyMatch(StopAndExitTransform::isExit) ->
                        builder.invokedynamic(DynamicCallSiteDesc.of(indy.bootstrapMethod(), indy.name().stringValue(),
                                indy.typeSymbol(), indy.bootstrapArgs().stream().map(StopAndExitTransform::guarded)
                                        .toArray(ConstantDesc[]::new)));
                default -> builder.with(element);
            }
        }

        private static boolean isExit(ConstantDesc constant) {
            return guarded(constant) != constant;
        }

        // The guard's stand-in for a handle to System.exit, Runtime.exit or Runtime.halt; other constants unchanged.
        private static ConstantDesc guarded(ConstantDesc constant) {
            if (!(constant instanceof DirectMethodHandleDesc handle)
                    || !Stream.of("exit", "halt").anyMatch(handle.methodName()::equals)) {
                return constant;
            }
            if (handle.owner().equals(SYSTEM) && handle.invocationType().equals(INT_TO_VOID)) {
                return MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC, GUARD, "exit", INT_TO_VOID);
            }
            if (handle.owner().equals(RUNTIME) && handle.invocationType().equals(RUNTIME_INT_TO_VOID)) {
                String stand = handle.methodName().equals("exit") ? "runtimeExit" : "runtimeHalt";
                return MethodHandleDesc.ofMethod(DirectMethodHandleDesc.Kind.STATIC, GUARD, stand, RUNTIME_INT_TO_VOID);
            }
            return constant;
        }

        private static boolean isCall(InvokeInstruction call, ClassDesc owner, String name) {
            return call.owner().asSymbol().equals(owner) && call.name().equalsString(name)
                    && call.typeSymbol().equals(INT_TO_VOID);
        }
    }
}
