package io.hashstream.deploy.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/** Packs a compiled test class (and its inner classes) into a job jar, the way a user's build would. */
final class TestJars {

    private TestJars() {}

    static Path jarOf(Class<?> mainClass, Path dir) throws IOException {
        return jarOf(mainClass, dir, List.of());
    }

    /**
     * The job's classes plus the classes of the given library jars (the job's bundled dependencies,
     * e.g. the Kafka connector), like a shaded job jar; signatures and module descriptors left out.
     */
    static Path jarOf(Class<?> mainClass, Path dir, List<Class<?>> bundledLibraries) throws IOException {
        Path classes = Path.of(mainClass.getProtectionDomain().getCodeSource().getLocation().getPath());
        String pkg = mainClass.getPackageName().replace('.', '/');
        Manifest mf = new Manifest();
        mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        mf.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass.getName());
        Path jar = dir.resolve(mainClass.getSimpleName() + ".jar");
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(out, mf);
                Stream<Path> files = Files.list(classes.resolve(pkg))) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith(mainClass.getSimpleName())).toList()) {
                j.putNextEntry(new JarEntry(pkg + "/" + f.getFileName()));
                j.write(Files.readAllBytes(f));
                j.closeEntry();
            }
            Set<String> written = new HashSet<>();
            for (Class<?> library : bundledLibraries) {
                Path libJar = Path.of(library.getProtectionDomain().getCodeSource().getLocation().getPath());
                try (JarFile lib = new JarFile(libJar.toFile())) {
                    for (JarEntry e : Collections.list(lib.entries())) {
                        String name = e.getName();
                        if (e.isDirectory() || name.startsWith("META-INF/") || name.endsWith("module-info.class")
                                || !written.add(name)) {
                            continue;
                        }
                        j.putNextEntry(new JarEntry(name));
                        try (InputStream in = lib.getInputStream(e)) {
                            in.transferTo(j);
                        }
                        j.closeEntry();
                    }
                }
            }
        }
        return jar;
    }
}
