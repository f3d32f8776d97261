package dev.jtorch.kernel;

import java.util.ArrayList;
import java.util.List;

/** The imports every cell starts with: the library's packages and the display helpers. */
final class StartupImports {

    private StartupImports() {
    }

    static List<String> snippets() {
        List<String> imports = new ArrayList<>(List.of(
                // JShell's own default imports, which a custom start-up replaces.
                "import java.io.*;",
                "import java.math.*;",
                "import java.net.*;",
                "import java.nio.file.*;",
                "import java.util.*;",
                "import java.util.concurrent.*;",
                "import java.util.function.*;",
                "import java.util.regex.*;",
                "import java.util.stream.*;",
                "import dev.jtorch.*;",
                "import dev.jtorch.nn.*;",
                // java.lang.Module makes the wildcard's Module ambiguous; the library's is meant.
                "import dev.jtorch.nn.Module;",
                "import dev.jtorch.nn.functional.*;",
                "import dev.jtorch.optim.*;",
                "import dev.jtorch.data.*;",
                "import dev.jtorch.io.*;",
                "import dev.jtorch.viz.*;",
                "import static dev.jtorch.kernel.display.Notebook.*;"));
        if (classExists("dev.jtorch.Torch")) {
            imports.add("import static dev.jtorch.Torch.*;");
        }
        // Not F.* as well: relu, sigmoid, tanh and softmax would be ambiguous with Torch's (write F.relu).
        return imports;
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, StartupImports.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
