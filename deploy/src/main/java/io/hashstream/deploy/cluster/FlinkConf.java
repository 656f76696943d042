package io.hashstream.deploy.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** A Flink configuration directory: config.yaml (flat keys) and the log4j configuration the JVMs use. */
public final class FlinkConf {

    /**
     * The module openings Flink needs on Java 17 (flink-dist sets them as env.java.default-opts.all in
     * its config.yaml; without flink-dist's scripts, the launcher passes them).
     */
    public static final List<String> JAVA17_OPENS = List.of(
            "--add-exports=java.base/sun.net.util=ALL-UNNAMED",
            "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.net=ALL-UNNAMED",
            "--add-opens=java.base/java.io=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED",
            "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens=java.base/java.text=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED",
            "--add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED");

    private final Path dir;

    private FlinkConf(Path dir) {
        this.dir = dir;
    }

    public static FlinkConf write(Path dir, Map<String, String> settings) {
        try {
            Files.createDirectories(dir);
            StringBuilder yaml = new StringBuilder("# written by io.hashstream.deploy.cluster.FlinkConf\n");
            new TreeMap<>(settings).forEach((k, v) -> yaml.append(k).append(": ").append(quote(v)).append('\n'));
            Files.writeString(dir.resolve("config.yaml"), yaml);
            Files.writeString(dir.resolve("log4j.properties"), """
                    rootLogger.level = INFO
                    rootLogger.appenderRef.file.ref = file
                    appender.file.type = File
                    appender.file.name = file
                    appender.file.fileName = ${sys:log.file}
                    appender.file.layout.type = PatternLayout
                    appender.file.layout.pattern = %d{HH:mm:ss,SSS} %-5p %-40c{1.} - %m%n
                    logger.kafka.name = org.apache.kafka
                    logger.kafka.level = WARN
                    logger.pekko.name = org.apache.pekko
                    logger.pekko.level = WARN
                    """);
            return new FlinkConf(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** YAML-safe scalar: Flink reads config.yaml as standard YAML. */
    private static String quote(String v) {
        return "'" + v.replace("'", "''") + "'";
    }

    public Path dir() {
        return dir;
    }

    public Path log4j() {
        return dir.resolve("log4j.properties");
    }
}
