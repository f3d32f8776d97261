package dev.jtorch.kernel.eval;

import dev.jtorch.kernel.KernelLog;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Opcode;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Makes JShell's clean-up after each compiler task cost what the snippets' classes cost, not
 * what every class the compiler knows costs.
 *
 * <p>After every compiler task (two for a trivial cell), JShell removes the classes of its
 * {@code REPL} package from the compiler's symbol table, so that the next task reads them afresh.
 * It finds them by walking every class in the table: some 2,600 with the kernel's imports (an
 * on-demand import enters every class file of its package), plus an empty entry left behind for
 * each class a snippet ever declared. That walk took a fifth of a trivial cell's time in the first
 * cells of a session and over a third later on.
 *
 * <p>Installed by the kernel jar's launcher agent, this rewrites that one call in JShell's
 * {@code TaskFactory}, {@code Symtab.getAllClasses()}, into {@link #replClasses}: the classes whose
 * flat name starts with {@code REPL.} (every class of the package does, nested ones included),
 * found from the table's names alone. JShell's own check of each class's package and its removal
 * run on them as before. Names whose classes are all gone leave the table. Where JShell's code
 * differs from what this expects, nothing is rewritten and JShell walks the whole table as always.
 */
public final class ReplClassPurge {

    private static final String TASK_FACTORY = "jdk/jshell/TaskFactory";
    private static final String SYMTAB = "com.sun.tools.javac.code.Symtab";
    private static final String REPL_PREFIX = "REPL.";
    private static Field classesField;

    private ReplClassPurge() {
    }

    /** Rewrites JShell's TaskFactory as it loads (from the launcher agent, before main). */
    static void install(Instrumentation instrumentation) {
        Module kernel = ReplClassPurge.class.getModule();
        Module shell = ModuleLayer.boot().findModule("jdk.jshell").orElse(null);
        Module compiler = ModuleLayer.boot().findModule("jdk.compiler").orElse(null);
        if (shell == null || compiler == null) {
            return;
        }
        try {
            String symtabPackage = SYMTAB.substring(0, SYMTAB.lastIndexOf('.'));
            instrumentation.redefineModule(compiler, Set.of(), Map.of(), Map.of(symtabPackage, Set.of(kernel)), Set.of(),
                    Map.of());
            instrumentation.redefineModule(shell, Set.of(kernel), Map.of(), Map.of(), Set.of(), Map.of());
            Field classes = Class.forName(SYMTAB, false, compiler.getClassLoader()).getDeclaredField("classes");
            classes.setAccessible(true);
            classesField = classes;
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.warn("JShell's clean-up of REPL classes stays as it is (each cell walks every class the compiler knows): "
                    + e);
            return;
        }
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(Module module, ClassLoader loader, String name, Class<?> type,
                                    ProtectionDomain domain, byte[] bytes) {
                if (!TASK_FACTORY.equals(name)) {
                    return null;
                }
                instrumentation.removeTransformer(this);
                return rewrite(bytes);
            }
        });
    }

    /**
     * The classes in {@code symtab} (javac's {@code Symtab}) whose flat name starts with
     * {@code REPL.}, as a list that JShell may remove them from the table while it walks; names
     * without a class left are dropped from the table. Called by JShell's rewritten TaskFactory.
     */
    public static Iterable<Object> replClasses(Object symtab) throws IllegalAccessException {
        @SuppressWarnings("unchecked")
        Map<Object, Map<?, ?>> classes = (Map<Object, Map<?, ?>>) classesField.get(symtab);
        List<Object> found = new ArrayList<>();
        for (Iterator<Map.Entry<Object, Map<?, ?>>> entries = classes.entrySet().iterator(); entries.hasNext(); ) {
            Map.Entry<Object, Map<?, ?>> entry = entries.next();
            if (entry.getKey().toString().startsWith(REPL_PREFIX)) {
                if (entry.getValue().isEmpty()) {
                    entries.remove();
                } else {
                    found.addAll(entry.getValue().values());
                }
            }
        }
        return found;
    }

    // TaskFactory with the Symtab.getAllClasses() calls of its clean-up (javac copies a finally block
    // to each way out of its try) made calls of replClasses; null (unchanged) unless one method makes them.
    static byte[] rewrite(byte[] taskFactory) {
        MethodTypeDesc replClassesType = MethodTypeDesc.of(ClassDesc.of(Iterable.class.getName()), ConstantDescs.CD_Object);
        CodeTransform redirect = (code, element) -> {
            if (isGetAllClasses(element)) {
                code.invokestatic(ClassDesc.of(ReplClassPurge.class.getName()), "replClasses", replClassesType);
            } else {
                code.with(element);
            }
        };
        try {
            ClassFile classFile = ClassFile.of();
            ClassModel model = classFile.parse(taskFactory);
            long callers = model.methods().stream().filter(method -> method.code().stream()
                    .anyMatch(code -> code.elementStream().anyMatch(ReplClassPurge::isGetAllClasses))).count();
            if (callers == 1) {
                return classFile.transformClass(model, ClassTransform.transformingMethodBodies(redirect));
            }
            KernelLog.warn(callers + " methods of JShell's TaskFactory call Symtab.getAllClasses(), not one: "
                    + "its clean-up of REPL classes stays as it is");
        } catch (RuntimeException e) {
            KernelLog.warn("JShell's clean-up of REPL classes stays as it is: " + e);
        }
        return null;
    }

    private static boolean isGetAllClasses(CodeElement element) {
        return element instanceof InvokeInstruction call && call.opcode() == Opcode.INVOKEVIRTUAL
                && call.owner().asInternalName().equals(SYMTAB.replace('.', '/')) && call.name().equalsString("getAllClasses");
    }
}
