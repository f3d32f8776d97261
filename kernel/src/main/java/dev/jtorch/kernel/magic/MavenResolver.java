package dev.jtorch.kernel.magic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.aether.RepositorySystem;
import org.eclipse.aether.RepositorySystemSession;
import org.eclipse.aether.artifact.DefaultArtifact;
import org.eclipse.aether.collection.CollectRequest;
import org.eclipse.aether.graph.Dependency;
import org.eclipse.aether.repository.RemoteRepository;
import org.eclipse.aether.resolution.ArtifactResult;
import org.eclipse.aether.resolution.DependencyRequest;
import org.eclipse.aether.resolution.DependencyResolutionException;
import org.eclipse.aether.supplier.RepositorySystemSupplier;
import org.eclipse.aether.supplier.SessionBuilderSupplier;
import org.eclipse.aether.util.filter.DependencyFilterUtils;

/**
 * Resolves {@code group:artifact:version} with its runtime dependencies as Maven does, through
 * the local repository ({@code ~/.m2/repository}). Remote repositories: those listed in the
 * system property {@code jtorch.maven.repositories} or the environment variable
 * {@code JTORCH_MAVEN_REPOSITORIES} (comma-separated URLs), else Maven Central as Maven's own
 * super POM defines it.
 */
public final class MavenResolver {

    private static final String SLF4J_VERBOSITY = "slf4j.internal.verbosity";

    private final Path localRepository;
    private final List<RemoteRepository> remotes;
    private RepositorySystem system;

    /**
     * A resolver with the local repository of the system property {@code jtorch.maven.local}
     * (default {@code ~/.m2/repository}) and the configured remote repositories.
     */
    public MavenResolver() {
        this(Path.of(System.getProperty("jtorch.maven.local",
                Path.of(System.getProperty("user.home"), ".m2", "repository").toString())), configuredRepositories());
    }

    /** A resolver with the given local repository and remote repository URLs. */
    public MavenResolver(Path localRepository, List<String> remoteUrls) {
        this.localRepository = localRepository;
        List<RemoteRepository> repositories = new ArrayList<>();
        for (int i = 0; i < remoteUrls.size(); i++) {
            String id = i == 0 && remoteUrls.size() == 1 ? "central" : "repo" + i;
            repositories.add(new RemoteRepository.Builder(id, "default", remoteUrls.get(i)).build());
        }
        this.remotes = List.copyOf(repositories);
    }

    /**
     * The jar files of {@code coordinates} ({@code group:artifact[:extension[:classifier]]:version})
     * and of its runtime dependencies.
     *
     * @throws IllegalArgumentException if the coordinates are malformed
     * @throws DependencyResolutionException if an artifact cannot be found or downloaded
     */
    public List<Path> resolve(String coordinates) throws DependencyResolutionException {
        DefaultArtifact artifact = new DefaultArtifact(coordinates);
        RepositorySystem repositorySystem = system();
        try (RepositorySystemSession.CloseableSession session = new SessionBuilderSupplier(repositorySystem).get()
                .withLocalRepositoryBaseDirectories(localRepository)
                .setSystemProperties(System.getProperties())
                .build()) {
            CollectRequest collect = new CollectRequest(new Dependency(artifact, "runtime"), remotes);
            DependencyRequest request = new DependencyRequest(collect, DependencyFilterUtils.classpathFilter("runtime"));
            List<Path> files = new ArrayList<>();
            for (ArtifactResult result : repositorySystem.resolveDependencies(session, request).getArtifactResults()) {
                files.add(result.getArtifact().getPath());
            }
            return files;
        }
    }

    private synchronized RepositorySystem system() {
        if (system == null) {
            // The resolver logs through SLF4J, which has no logging backend in the kernel: its
            // messages are dropped, as wanted, but SLF4J would say so in three warning lines on
            // the kernel's stderr at the first %maven. Its own errors still show.
            if (System.getProperty(SLF4J_VERBOSITY) == null) {
                System.setProperty(SLF4J_VERBOSITY, "ERROR");
            }
            system = new RepositorySystemSupplier().get();
        }
        return system;
    }

    private static List<String> configuredRepositories() {
        String configured = System.getProperty("jtorch.maven.repositories", System.getenv("JTORCH_MAVEN_REPOSITORIES"));
        if (configured != null && !configured.isBlank()) {
            return List.of(configured.strip().split("\\s*,\\s*"));
        }
        return List.of(centralFromSuperPom());
    }

    // Maven Central's address, read where Maven itself keeps it: the super POM of maven-model-builder.
    private static String centralFromSuperPom() {
        try (InputStream in = MavenResolver.class.getClassLoader().getResourceAsStream("org/apache/maven/model/pom-4.0.0.xml")) {
            if (in == null) {
                throw new IllegalStateException("Maven's super POM is missing from the kernel jar");
            }
            String pom = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            Matcher central = Pattern.compile("<id>central</id>.*?<url>([^<]+)</url>", Pattern.DOTALL).matcher(pom);
            if (!central.find()) {
                throw new IllegalStateException("Maven's super POM names no central repository");
            }
            return central.group(1).strip();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Maven's super POM", e);
        }
    }
}
