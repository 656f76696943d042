package io.hashstream.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/** Where the project's files are, and facts read from its build files (never restated in tests). */
public final class RepositoryFiles {

    /** Overrides where the CRD schemas are looked up (a directory like {@code shared/k8s-schemas}). */
    public static final String SCHEMAS_PROPERTY = "hashstream.k8s-schemas";

    private RepositoryFiles() {}

    /** The repository root: the directory holding the parent pom and the {@code deploy/} module. */
    public static Path root() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("deploy"))
                    && Files.isDirectory(p.resolve("k8s"))) {
                return p;
            }
        }
        throw new IllegalStateException("not inside the HashStream repository: " + dir);
    }

    public static Path path(String relative) {
        return root().resolve(relative);
    }

    /**
     * The CRD schemas published by the Flink Kubernetes operator and Strimzi, kept outside the project
     * in {@code shared/k8s-schemas} beside the repository (its README says where each file comes from).
     * Looked up in the repository's parent directory, then further up (a worktree nested one level deeper),
     * then beside the repository a local clone was made from ({@code git clone . /tmp/x}).
     */
    public static Path k8sSchemas() {
        String override = System.getProperty(SCHEMAS_PROPERTY);
        if (override != null && !override.isBlank()) {
            return requireDirectory(Path.of(override));
        }
        Path root = root();
        Optional<Path> found = sharedSchemasAbove(root).or(() -> localOrigin(root).flatMap(RepositoryFiles::sharedSchemasAbove));
        if (found.isPresent()) {
            return found.get();
        }
        throw new IllegalStateException("CRD schemas not found: expected shared/k8s-schemas beside the repository ("
                + root.getParent().resolve("shared/k8s-schemas") + "), or -D" + SCHEMAS_PROPERTY
                + "=DIR. They are the unchanged CRDs of the flink-kubernetes-operator Helm chart and of Strimzi;"
                + " see the README's Deploy section.");
    }

    private static Optional<Path> sharedSchemasAbove(Path repository) {
        for (Path p = repository.getParent(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("k8s-schemas");
            if (Files.isDirectory(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** The directory of the {@code origin} remote when it is a local path (read from .git/config). */
    private static Optional<Path> localOrigin(Path root) {
        Path config = root.resolve(".git").resolve("config");
        if (!Files.isRegularFile(config)) {
            return Optional.empty();
        }
        try {
            boolean inOrigin = false;
            for (String line : Files.readAllLines(config)) {
                String t = line.strip();
                if (t.startsWith("[")) {
                    inOrigin = t.equals("[remote \"origin\"]");
                } else if (inOrigin && t.startsWith("url")) {
                    String url = t.substring(t.indexOf('=') + 1).strip();
                    url = url.startsWith("file://") ? url.substring("file://".length()) : url;
                    Path origin = Path.of(url).normalize();
                    return origin.isAbsolute() && Files.isDirectory(origin) ? Optional.of(origin) : Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // not a readable local clone: no fallback
        }
        return Optional.empty();
    }

    private static Path requireDirectory(Path p) {
        if (!Files.isDirectory(p)) {
            throw new IllegalStateException(SCHEMAS_PROPERTY + " is not a directory: " + p);
        }
        return p;
    }

    public static String read(String relative) {
        try {
            return Files.readString(path(relative));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + relative, e);
        }
    }

    /** A property of the parent pom, e.g. {@code flink.version}. */
    public static String parentPomProperty(String name) {
        return xpath("pom.xml", "/project/properties/" + name)
                .orElseThrow(() -> new IllegalStateException("parent pom has no property " + name));
    }

    /** The first text match of an XPath (namespace-unaware) in a pom. */
    public static Optional<String> xpath(String pom, String expression) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(false);
            Document doc = f.newDocumentBuilder().parse(path(pom).toFile());
            NodeList nodes = (NodeList) XPathFactory.newInstance().newXPath()
                    .evaluate(expression, doc, XPathConstants.NODESET);
            if (nodes.getLength() == 0) {
                return Optional.empty();
            }
            return Optional.of(nodes.item(0).getTextContent().trim());
        } catch (Exception e) {
            throw new IllegalStateException("cannot evaluate " + expression + " in " + pom, e);
        }
    }
}
