package io.hashstream.deploy;

import io.hashstream.jobs.config.JobConfig;
import java.util.List;
import java.util.Set;

/**
 * Facts about the near-duplicate job, read from its build and its classes: a rename there fails the
 * deployment tests instead of silently leaving docker/ and k8s/ behind.
 */
public final class JobFacts {

    private JobFacts() {}

    /** The job's settings (JobConfig.KEYS); in a Flink configuration they carry the prefix {@code hashstream.}. */
    public static Set<String> settingKeys() {
        return Set.copyOf(JobConfig.KEYS);
    }

    public static final String FLINK_SETTING_PREFIX = "hashstream.";

    public static JobConfig defaults() {
        return JobConfig.defaults();
    }

    /**
     * Flink options the job sets itself from its settings (JobConfig.toFlinkConfiguration, applied by
     * the run command over the cluster's configuration): a deployment that sets one of them directly is
     * silently overridden, so it must set the job setting instead.
     */
    public static Set<String> flinkKeysTheJobSets() {
        return JobConfig.defaults().toFlinkConfiguration().toMap().keySet();
    }

    /** The three topics the job reads and writes, by default. */
    public static List<String> defaultTopics() {
        JobConfig d = defaults();
        return List.of(d.imagesTopic(), d.resultsTopic(), d.deadLettersTopic());
    }

    /**
     * File name of the cluster job jar the jobs module builds in jobs/target: the shade plugin's attached
     * artifact, {@code <artifactId>-<version>-<shadedClassifierName>.jar}.
     */
    public static String shadedJarFileName() {
        String shade = "/project/build/plugins/plugin[artifactId='maven-shade-plugin']";
        String classifier = RepositoryFiles.xpath("jobs/pom.xml", shade + "//shadedClassifierName")
                .orElseThrow(() -> new IllegalStateException(
                        "jobs/pom.xml: the shade plugin attaches no classified job jar; its name is unknown"));
        String artifactId = RepositoryFiles.xpath("jobs/pom.xml", "/project/artifactId").orElseThrow();
        String version = RepositoryFiles.xpath("jobs/pom.xml", "/project/parent/version").orElseThrow();
        return artifactId + "-" + version + "-" + classifier + ".jar";
    }

    /** The main class the shaded jar's manifest names. */
    public static String mainClass() {
        return RepositoryFiles.xpath("jobs/pom.xml",
                        "/project/build/plugins/plugin[artifactId='maven-shade-plugin']//transformer/mainClass")
                .orElseThrow(() -> new IllegalStateException("jobs/pom.xml: shade plugin sets no mainClass"));
    }
}
