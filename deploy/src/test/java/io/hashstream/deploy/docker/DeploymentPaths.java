package io.hashstream.deploy.docker;

import io.hashstream.deploy.JobFacts;
import java.nio.file.Path;

/** Paths inside the job image that docker/ and k8s/ agree on. */
public final class DeploymentPaths {

    /** Where the image keeps its models, one directory per model. */
    public static final String IMAGE_MODELS = "/opt/hashstream/models";

    /**
     * The job jar inside the image: the versioned cluster jar from jobs/target, copied under a fixed
     * name so the Kubernetes jarURI and the compose command need no change on a version bump.
     */
    public static final String IMAGE_JOB_JAR = "/opt/flink/usrlib/hashstream-jobs.jar";

    private DeploymentPaths() {}

    /** The default model's directory inside the image (the repository's default model dir, by name). */
    public static String imageModelDir() {
        return IMAGE_MODELS + "/" + Path.of(JobFacts.defaults().modelDir()).getFileName();
    }
}
