package io.hashstream.deploy.docker;

import io.hashstream.deploy.RepositoryFiles;
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

    /** The deploy module's jar inside the image (the demo producer). */
    public static final String IMAGE_DEPLOY_JAR = "/opt/hashstream/lib/hashstream-deploy.jar";

    private DeploymentPaths() {}

    /** The repository's models directory, copied whole into the image at {@link #IMAGE_MODELS}. */
    public static final String REPOSITORY_MODELS = "models";

    /**
     * The repository directory of the model a deployment points the job at ({@code hashstream.model-dir}),
     * failing unless the path is inside the image's models directory.
     */
    public static Path repositoryModel(String imageModelDir) {
        if (!imageModelDir.startsWith(IMAGE_MODELS + "/")) {
            throw new AssertionError(imageModelDir + " is not under " + IMAGE_MODELS);
        }
        return RepositoryFiles.path(REPOSITORY_MODELS).resolve(imageModelDir.substring(IMAGE_MODELS.length() + 1));
    }
}
