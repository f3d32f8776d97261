package dev.jtorch.kernel.eval;

import dev.jtorch.kernel.KernelLog;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.TypeDeclSnippet;

/**
 * Clears what JShell keeps of snippets that are gone (dropped, overwritten or rejected).
 *
 * <ul>
 *   <li>Class files: JShell keeps the class file of every wrapper class it ever compiled, and
 *       before every compilation the compiler lists them all as members of the {@code REPL}
 *       package. A displayed {@code 1 + 1} leaves one such class behind, so each cell would be
 *       slower than the last (about 10 ms more per thousand snippets). Classes of inactive
 *       snippets can never be named again, so they go; those of active snippets stay.
 *   <li>Snippets: JShell copies its list of every snippet ever made in each compilation;
 *       inactive ones leave that list (they cannot become active again).
 *   <li>Class names: JShell remembers the name of every class ever declared, and once one of them
 *       has no active declaration (it failed to compile, or was dropped) its documentation lookup
 *       fails on every later call. Names without an active declaration are forgotten; declaring
 *       the class again works as before.
 * </ul>
 *
 * <p>All three live in private fields of JShell, reached by reflection: the kernel jar's manifest
 * opens {@code jdk.jshell} for it. Where that access is refused (a JShell whose internals
 * differ), the cleaner turns itself off with one log line and JShell works as it always does.
 */
final class DeadSnippetCleaner {

    private static final String WRAPPER_PREFIX = "REPL.$JShell$";
    private final JShell jshell;
    private final Set<Snippet> snippets;
    private final Map<String, ?> classFiles;
    private final Map<String, ?> classNames;
    private final Method classFullName;

    private DeadSnippetCleaner(JShell jshell, Set<Snippet> snippets, Map<String, ?> classFiles, Map<String, ?> classNames,
            Method classFullName) {
        this.jshell = jshell;
        this.snippets = snippets;
        this.classFiles = classFiles;
        this.classNames = classNames;
        this.classFullName = classFullName;
    }

    /** A cleaner for {@code jshell}, or null when JShell's internals cannot be reached. */
    static DeadSnippetCleaner of(JShell jshell) {
        try {
            Object taskFactory = field(JShell.class, "taskFactory").get(jshell);
            Object fileManager = field(taskFactory.getClass(), "fileManager").get(taskFactory);
            Object keyMap = field(JShell.class, "keyMap").get(jshell);
            Object snippetMaps = field(JShell.class, "maps").get(jshell);
            @SuppressWarnings("unchecked")
            Set<Snippet> snippets = (Set<Snippet>) field(snippetMaps.getClass(), "snippets").get(snippetMaps);
            Method classFullName = Snippet.class.getDeclaredMethod("classFullName");
            classFullName.setAccessible(true);
            return new DeadSnippetCleaner(jshell, snippets, map(fileManager, "classObjects"), map(keyMap, "classMap"),
                    classFullName);
        } catch (ReflectiveOperationException | RuntimeException e) {
            KernelLog.warn("JShell's dead snippets cannot be cleared (cells slow down as they add up): " + e);
            return null;
        }
    }

    /** Forgets every snippet that is not active, with its class files and class name (cell thread only). */
    void clean() {
        snippets.removeIf(snippet -> !jshell.status(snippet).isActive());
        Set<String> liveWrappers = new HashSet<>();
        Set<String> liveTypes = new HashSet<>();
        snippets.forEach(snippet -> {
            if (snippet instanceof TypeDeclSnippet type) {
                liveTypes.add(type.name());
            }
            try {
                liveWrappers.add((String) classFullName.invoke(snippet));
            } catch (ReflectiveOperationException | RuntimeException noWrapper) {
                // A snippet that was never wrapped in a class owns no class file.
            }
        });
        classFiles.keySet().removeIf(name -> {
            String wrapper = wrapperOf(name);
            return wrapper != null && !liveWrappers.contains(wrapper);
        });
        classNames.keySet().retainAll(liveTypes);
    }

    // "REPL.$JShell$12$Inner" belongs to the wrapper "REPL.$JShell$12"; other names are not wrappers'.
    private static String wrapperOf(String className) {
        if (!className.startsWith(WRAPPER_PREFIX)) {
            return null;
        }
        int end = WRAPPER_PREFIX.length();
        while (end < className.length() && Character.isDigit(className.charAt(end))) {
            end++;
        }
        boolean numbered = end > WRAPPER_PREFIX.length() && (end == className.length() || className.charAt(end) == '$');
        return numbered ? className.substring(0, end) : null;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, ?> map(Object owner, String name) throws NoSuchFieldException, IllegalAccessException {
        return (Map<String, ?>) field(owner.getClass(), name).get(owner);
    }

    private static Field field(Class<?> owner, String name) throws NoSuchFieldException {
        Field field = owner.getDeclaredField(name);
        field.setAccessible(true);
        return field;
    }
}
