package io.hashstream.deploy.cluster;

import java.io.IOException;
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
        }
        return jar;
    }
}
