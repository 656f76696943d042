package io.hashstream.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Loads one of the core module's JNI bindings ({@code core/src/main/c/}) from the jar.
 *
 * <p>Each class loader loads its own copy, from a fresh temporary file deleted right after
 * {@link System#load}. A Flink task restart creates a new user-code class loader in the same JVM, and
 * loading one path a second time there fails with "already loaded in another classloader"; a new
 * path does not.
 */
final class NativeBinding {
    private NativeBinding() {
    }

    /**
     * @param property system property that turns the binding off when "false"
     * @param library the system library the binding links against, named in the reason when loading fails
     * @return null when loaded, otherwise why not
     */
    static String load(Class<?> owner, String resource, String property, String library) {
        if ("false".equalsIgnoreCase(System.getProperty(property))) {
            return "turned off with -D" + property + "=false";
        }
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "");
        if (!os.contains("linux") || !(arch.equals("amd64") || arch.equals("x86_64"))) {
            return "no binding built for " + os + "/" + arch;
        }
        try (InputStream in = owner.getResourceAsStream(resource)) {
            if (in == null) {
                return "this build has no binding (built without " + library + "'s headers)";
            }
            Path copy = Files.createTempFile("hashstream-native-", ".so");
            try {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
                System.load(copy.toAbsolutePath().toString());
            } finally {
                Files.deleteIfExists(copy); // the mapping stays; nothing is left in /tmp
            }
            return null;
        } catch (IOException | UnsatisfiedLinkError | SecurityException e) {
            return "binding not loaded (" + e.getMessage() + "); is " + library + " installed?";
        }
    }
}
