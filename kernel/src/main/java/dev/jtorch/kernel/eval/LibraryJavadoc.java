package dev.jtorch.kernel.eval;

import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.tree.VariableTree;
import com.sun.source.util.DocTrees;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TreePath;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;

/**
 * The Javadoc of the library's classes, read from their sources, which the kernel jar carries
 * under {@code jtorch-sources/}. JShell finds Javadoc in the JDK's {@code src.zip} only, so for
 * the library it gives a signature alone; this finds the comment that goes with it.
 *
 * <pre>{@code
 * var javadoc = new LibraryJavadoc(Evaluator.class.getClassLoader());
 * javadoc.find("Tensor Tensor.matmul(Tensor other)");   // the comment of Tensor.matmul, or null
 * javadoc.find("dev.jtorch.Tensor");                    // the comment of the class
 * }</pre>
 */
final class LibraryJavadoc {

    private static final String ROOT = "jtorch-sources/";

    private final ClassLoader loader;
    private final Map<String, List<String>> filesBySimpleName = new ConcurrentHashMap<>();
    private final Map<String, Optional<Parsed>> parsedFiles = new ConcurrentHashMap<>();
    private volatile boolean indexed;

    private record Parsed(CompilationUnitTree unit, DocTrees trees) {
    }

    /** A reader of the sources that {@code loader} finds under {@code jtorch-sources/}. */
    LibraryJavadoc(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The Javadoc of what JShell's {@code signature} names (a type by its qualified name, a
     * method, constructor or field), or null when the library's sources do not document it.
     */
    String find(String signature) {
        int paren = signature.indexOf('(');
        if (paren < 0 && !withoutTypeArguments(signature).contains(" ")) {
            return typeDoc(withoutTypeArguments(signature));
        }
        String head = withoutTypeArguments(paren < 0 ? signature : signature.substring(0, paren)).strip();
        String name = head.substring(head.lastIndexOf(' ') + 1);
        if (paren < 0) {
            int dot = name.lastIndexOf('.');
            return dot < 0 ? null : memberDoc(name.substring(0, dot), name.substring(dot + 1), null);
        }
        List<String> parameters = parameters(signature.substring(paren + 1, signature.lastIndexOf(')')));
        int dot = name.lastIndexOf('.');
        String method = dot < 0 ? null : memberDoc(name.substring(0, dot), name.substring(dot + 1), parameters);
        return method != null ? method : memberDoc(name, "<init>", parameters);
    }

    private String typeDoc(String qualifiedName) {
        String[] parts = qualifiedName.split("\\.");
        for (int top = parts.length - 1; top >= 0; top--) {
            String path = String.join("/", List.of(parts).subList(0, top + 1)) + ".java";
            Optional<Parsed> parsed = parse(path);
            if (parsed.isPresent()) {
                TreePath type = findType(parsed.get(), List.of(parts).subList(top, parts.length));
                return type == null ? null : parsed.get().trees().getDocComment(type);
            }
        }
        return null;
    }

    // The comment of member `member` ("<init>" for constructors) of the class named `typeName` (simple,
    // maybe nested: "Outer.Inner"), or of the method it overrides when it has none of its own.
    private String memberDoc(String typeName, String member, List<String> parameters) {
        List<String> nested = List.of(withoutTypeArguments(typeName).split("\\."));
        for (String file : filesNamed(nested.getFirst())) {
            Optional<Parsed> parsed = parse(file);
            TreePath type = parsed.isEmpty() ? null : findType(parsed.get(), nested);
            if (type == null) {
                continue;
            }
            for (Tree memberTree : ((ClassTree) type.getLeaf()).getMembers()) {
                if (matches(memberTree, member, parameters)) {
                    String doc = parsed.get().trees().getDocComment(new TreePath(type, memberTree));
                    return doc != null ? doc : inheritedDoc((ClassTree) type.getLeaf(), member, parameters);
                }
            }
            String inherited = inheritedDoc((ClassTree) type.getLeaf(), member, parameters);
            if (inherited != null) {
                return inherited;
            }
        }
        return null;
    }

    private String inheritedDoc(ClassTree type, String member, List<String> parameters) {
        if (member.equals("<init>")) {
            return null;
        }
        List<Tree> supertypes = new ArrayList<>(type.getImplementsClause());
        if (type.getExtendsClause() != null) {
            supertypes.addFirst(type.getExtendsClause());
        }
        for (Tree supertype : supertypes) {
            String name = simpleName(supertype.toString());
            if (!name.equals(type.getSimpleName().toString())) {
                String doc = memberDoc(name, member, parameters);
                if (doc != null) {
                    return doc;
                }
            }
        }
        return null;
    }

    private static boolean matches(Tree tree, String member, List<String> parameters) {
        if (parameters == null) {
            return tree instanceof VariableTree field && field.getName().contentEquals(member);
        }
        if (!(tree instanceof MethodTree method) || !method.getName().contentEquals(member)
                || method.getParameters().size() != parameters.size()) {
            return false;
        }
        for (int i = 0; i < parameters.size(); i++) {
            VariableTree declared = method.getParameters().get(i);
            // "Type name", or "Type" alone where the class file keeps no parameter names.
            String[] typeAndName = withoutTypeArguments(parameters.get(i)).strip().split("\\s+");
            if (!normalType(declared.getType().toString()).equals(normalType(typeAndName[0]))) {
                return false;
            }
        }
        return true;
    }

    private static TreePath findType(Parsed parsed, List<String> nestedNames) {
        TreePath path = new TreePath(parsed.unit());
        List<? extends Tree> members = parsed.unit().getTypeDecls();
        for (String name : nestedNames) {
            TreePath found = null;
            for (Tree member : members) {
                if (member instanceof ClassTree type && type.getSimpleName().contentEquals(name)) {
                    found = new TreePath(path, type);
                    members = type.getMembers();
                    break;
                }
            }
            if (found == null) {
                return null;
            }
            path = found;
        }
        return path;
    }

    private Optional<Parsed> parse(String file) {
        return parsedFiles.computeIfAbsent(file, this::readAndParse);
    }

    private Optional<Parsed> readAndParse(String file) {
        String source;
        try (InputStream in = loader.getResourceAsStream(ROOT + file)) {
            if (in == null) {
                return Optional.empty();
            }
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        var fileObject = new SimpleJavaFileObject(URI.create("string:///" + file), SimpleJavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        JavacTask task = (JavacTask) compiler.getTask(null, null, diagnostic -> { }, List.of("-proc:none"), null,
                List.of(fileObject));
        try {
            CompilationUnitTree unit = task.parse().iterator().next();
            return Optional.of(new Parsed(unit, DocTrees.instance(task)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    // The source files ("dev/jtorch/Tensor.java") whose top-level class has this simple name.
    private List<String> filesNamed(String simpleName) {
        if (!indexed) {
            index();
        }
        return filesBySimpleName.getOrDefault(simpleName, List.of());
    }

    private synchronized void index() {
        if (indexed) {
            return;
        }
        try {
            var root = loader.getResource(ROOT);
            if (root != null) {
                URI uri = root.toURI();
                if (uri.getScheme().equals("jar")) {
                    try (var jar = java.nio.file.FileSystems.newFileSystem(uri, Map.of())) {
                        index(jar.getPath(ROOT));
                    }
                } else {
                    index(java.nio.file.Path.of(uri));
                }
            }
        } catch (IOException | java.net.URISyntaxException | RuntimeException e) {
            dev.jtorch.kernel.KernelLog.warn("the library's sources cannot be listed; its Javadoc is not shown", e);
        }
        indexed = true;
    }

    private void index(java.nio.file.Path root) throws IOException {
        try (Stream<java.nio.file.Path> files = java.nio.file.Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String relative = root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
                String simpleName = file.getFileName().toString().replaceFirst("\\.java$", "");
                filesBySimpleName.computeIfAbsent(simpleName, k -> new ArrayList<>()).add(relative);
            });
        }
    }

    private static List<String> parameters(String list) {
        List<String> parameters = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < list.length(); i++) {
            char c = list.charAt(i);
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parameters.add(list.substring(start, i).strip());
                start = i + 1;
            }
        }
        if (!list.isBlank()) {
            parameters.add(list.substring(start).strip());
        }
        return parameters;
    }

    // A type as both sides can agree on it: no type arguments, no packages, varargs as arrays.
    private static String normalType(String type) {
        String plain = withoutTypeArguments(type).replace("...", "[]").replaceAll("\\s+", "");
        StringBuilder simple = new StringBuilder();
        for (String part : plain.split("(?=\\[)", 2)) {
            simple.append(part.startsWith("[") ? part : simpleName(part));
        }
        return simple.toString();
    }

    private static String simpleName(String name) {
        String plain = withoutTypeArguments(name).strip();
        return plain.substring(plain.lastIndexOf('.') + 1);
    }

    private static String withoutTypeArguments(String type) {
        StringBuilder plain = new StringBuilder();
        int depth = 0;
        for (char c : type.toCharArray()) {
            if (c == '<') {
                depth++;
            } else if (c == '>') {
                depth--;
            } else if (depth == 0) {
                plain.append(c);
            }
        }
        return plain.toString();
    }
}
