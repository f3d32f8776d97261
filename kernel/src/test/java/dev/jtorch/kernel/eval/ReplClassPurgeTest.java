package dev.jtorch.kernel.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.instruction.InvokeInstruction;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rewrite of JShell's TaskFactory that {@link ReplClassPurge} installs, checked on this JDK's own class. */
class ReplClassPurgeTest {

    @Test
    void everyCleanUpCallOfTheJdksTaskFactoryGoesToReplClassesAndNothingElseChanges() throws IOException {
        byte[] original = classBytes("jdk/jshell/TaskFactory.class");
        byte[] rewritten = ReplClassPurge.rewrite(original);
        assertNotNull(rewritten, "this JDK's TaskFactory was left as it is");

        List<String> before = calls(ClassFile.of().parse(original));
        List<String> after = calls(ClassFile.of().parse(rewritten));
        long cleanUps = before.stream().filter(call -> call.equals("com/sun/tools/javac/code/Symtab.getAllClasses")).count();
        assertEquals(before.size(), after.size());
        assertEquals(0, after.stream().filter(call -> call.contains("getAllClasses")).count());
        assertEquals(cleanUps, after.stream().filter(call -> call.equals(
                ReplClassPurge.class.getName().replace('.', '/') + ".replClasses")).count());
        assertArrayEquals(before.stream().filter(call -> !call.contains("getAllClasses")).toArray(),
                after.stream().filter(call -> !call.contains("replClasses")).toArray());
    }

    @Test
    void aClassWithoutTheCleanUpCallIsLeftAsItIs() throws IOException {
        assertNull(ReplClassPurge.rewrite(classBytes("jdk/jshell/JShell.class")));
    }

    private static byte[] classBytes(String resource) throws IOException {
        try (InputStream in = ClassLoader.getSystemResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return in.readAllBytes();
        }
    }

    // Every method call of the class, in order, as "owner.name".
    private static List<String> calls(ClassModel model) {
        return model.methods().stream()
                .flatMap(method -> method.code().stream())
                .flatMap(code -> code.elementStream())
                .filter(element -> element instanceof InvokeInstruction)
                .map(element -> (InvokeInstruction) element)
                .map(call -> call.owner().asInternalName() + "." + call.name().stringValue())
                .toList();
    }
}
