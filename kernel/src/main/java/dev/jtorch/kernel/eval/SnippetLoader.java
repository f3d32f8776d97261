package dev.jtorch.kernel.eval;

import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.InputStream;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.constant.ClassDesc;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import jdk.jshell.execution.LoaderDelegate;
import jdk.jshell.spi.ExecutionControl.ClassBytecodes;
import jdk.jshell.spi.ExecutionControl.ClassInstallException;
import jdk.jshell.spi.ExecutionControl.InternalException;

/**
 * Loads JShell's snippet classes, woven by {@link SnippetWeaver}, into one class loader whose
 * parent is the kernel's own, so cells see the library and the kernel's display helpers as the
 * same classes the kernel uses. Jars added with {@code %jars} or {@code %maven} join it.
 */
final class SnippetLoader implements LoaderDelegate {

    private final Loader loader;
    private final Map<String, Class<?>> classes = new ConcurrentHashMap<>();
    private final SnippetWeaver weaver;
    // The batch being loaded: its classes may refer to each other before any of them is defined.
    private final Map<String, byte[]> batch = new HashMap<>();

    SnippetLoader(ClassLoader parent) {
        this.loader = new Loader(parent);
        // Snippet classes are looked up fresh (JShell may redefine them); the JDK's, the library's and
        // added jars' classes never change, so their parsed hierarchy is cached across cells.
        this.weaver = new SnippetWeaver(ClassHierarchyResolver.ofResourceParsing(this::snippetClassBytes)
                .orElse(ClassHierarchyResolver.ofResourceParsing(loader).cached())
                .orElse(ClassHierarchyResolver.defaultResolver()));
    }

    /** The class loader of the snippets (also the cell thread's context class loader). */
    ClassLoader classLoader() {
        return loader;
    }

    @Override
    public synchronized void load(ClassBytecodes[] cbcs) throws ClassInstallException {
        boolean[] loaded = new boolean[cbcs.length];
        try {
            batch.clear();
            for (ClassBytecodes cbc : cbcs) {
                batch.put(cbc.name(), cbc.bytecodes());
            }
            for (ClassBytecodes cbc : cbcs) {
                loader.declare(cbc.name(), weaver.weave(cbc.bytecodes()));
            }
            for (int i = 0; i < cbcs.length; i++) {
                Class<?> type = loader.loadClass(cbcs[i].name());
                classes.put(cbcs[i].name(), type);
                loaded[i] = true;
                type.getDeclaredMethods();    // link now, so a broken class fails here and not mid-cell
            }
        } catch (Throwable e) {
            throw new ClassInstallException("load: " + e, loaded);
        } finally {
            batch.clear();
        }
    }

    @Override
    public void classesRedefined(ClassBytecodes[] cbcs) {
        for (ClassBytecodes cbc : cbcs) {
            loader.declare(cbc.name(), weaver.weave(cbc.bytecodes()));
        }
    }

    @Override
    public void addToClasspath(String path) throws InternalException {
        try {
            for (String entry : path.split(File.pathSeparator)) {
                if (!entry.isBlank()) {
                    loader.addURL(new File(entry).toURI().toURL());
                }
            }
        } catch (Exception e) {
            throw new InternalException("cannot add " + path + " to the class path: " + e);
        }
    }

    @Override
    public Class<?> findClass(String name) throws ClassNotFoundException {
        Class<?> type = classes.get(name);
        if (type == null) {
            throw new ClassNotFoundException(name + " is not a loaded snippet class");
        }
        return type;
    }

    private InputStream snippetClassBytes(ClassDesc desc) {
        String name = binaryName(desc);
        byte[] bytes = batch.get(name);
        if (bytes == null) {
            bytes = loader.declared.get(name);
        }
        return bytes == null ? null : new ByteArrayInputStream(bytes);
    }

    private static String binaryName(ClassDesc desc) {
        String descriptor = desc.descriptorString();
        return descriptor.substring(1, descriptor.length() - 1).replace('/', '.');
    }

    private static final class Loader extends URLClassLoader {

        private final Map<String, byte[]> declared = new ConcurrentHashMap<>();

        Loader(ClassLoader parent) {
            super("jshell-snippets", new URL[0], parent);
        }

        void declare(String name, byte[] bytes) {
            declared.put(name, bytes);
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            byte[] bytes = declared.get(name);
            if (bytes == null) {
                return super.findClass(name);
            }
            return defineClass(name, bytes, 0, bytes.length);
        }

        @Override
        public void addURL(URL url) {
            super.addURL(url);
        }
    }
}
