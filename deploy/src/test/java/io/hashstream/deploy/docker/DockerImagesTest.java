package io.hashstream.deploy.docker;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.deploy.JobFacts;
import io.hashstream.deploy.RepositoryFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job images (CPU and GPU) package what the build produces, where Flink and the job look for it. */
class DockerImagesTest {

    static Dockerfile dockerfile(String name) {
        return Dockerfile.parse(RepositoryFiles.read("docker/" + name));
    }

    @Test
    void cpu_image_is_the_official_flink_image_of_the_projects_flink_version() {
        Dockerfile d = dockerfile("Dockerfile");
        assertThat(d.finalStage().from()).isEqualTo("flink:" + RepositoryFiles.parentPomProperty("flink.version") + "-java17");
    }

    @Test
    void gpu_image_is_a_cuda_12_runtime_with_cudnn_9_3_and_flink_installed_like_the_official_image() {
        Dockerfile d = dockerfile("Dockerfile.gpu");
        Dockerfile.Stage image = d.finalStage();
        assertThat(image.from()).matches("nvidia/cuda:12\\.\\d+\\.\\d+-runtime-ubuntu22\\.04");
        String text = image.text();
        // TensorFlow 2.18 was built with cuDNN 9.3 and refuses an older minor version.
        java.util.regex.Matcher cudnn = java.util.regex.Pattern.compile("ARG CUDNN_VERSION=9\\.(\\d+)\\.").matcher(text);
        assertThat(cudnn.find()).as("a pinned cuDNN 9 version").isTrue();
        assertThat(Integer.parseInt(cudnn.group(1))).isGreaterThanOrEqualTo(3);
        assertThat(text).contains("\"libcudnn9-cuda-12=${CUDNN_VERSION}\"").contains("apt-mark hold libcudnn9-cuda-12");
        String flinkVersion = RepositoryFiles.parentPomProperty("flink.version");
        assertThat(text).contains("ARG FLINK_VERSION=" + flinkVersion)
                .contains("flink-${FLINK_VERSION}-bin-scala_2.12.tgz")
                .contains("sha512sum --check").contains("gpg --batch --verify flink.tgz.asc flink.tgz")
                .contains("openjdk-17-jre").contains("useradd --system").contains("--uid=9999");
        // The official image's entrypoint and container configuration, from the same Flink version.
        String official = "flink:" + flinkVersion + "-java17";
        assertThat(image.copyTo("/docker-entrypoint.sh").fromStage()).contains(official);
        assertThat(image.copyTo("/opt/flink/conf/config.yaml").fromStage()).contains(official);
        assertThat(image.all("ENTRYPOINT")).singleElement().extracting(Dockerfile.Instruction::arguments)
                .isEqualTo("[\"/docker-entrypoint.sh\"]");
    }

    @Test
    void gpu_image_builds_with_the_gpu_profile_that_swaps_in_the_gpu_natives() {
        assertThat(dockerfile("Dockerfile.gpu").stage("build").text()).contains(" -Pgpu ");
        assertThat(RepositoryFiles.xpath("pom.xml", "/project/profiles/profile[id='gpu']/properties/tensorflow.native.classifier"))
                .contains("linux-x86_64-gpu");
        assertThat(dockerfile("Dockerfile").stage("build").text()).doesNotContain("-Pgpu");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void tensorflow_goes_to_flink_lib_from_the_deploy_modules_flink_lib_directory(String name) {
        String out = RepositoryFiles.xpath("deploy/pom.xml",
                "/project/build/plugins/plugin[artifactId='maven-dependency-plugin']/executions/execution[id='flink-lib']"
                        + "/configuration/outputDirectory").orElseThrow();
        assertThat(out).isEqualTo("${project.build.directory}/flink-lib");
        assertThat(dockerfile(name).finalStage().copyTo("/opt/flink/lib/").source()).isEqualTo("/src/deploy/target/flink-lib/");
        assertThat(dockerfile(name).stage("build").text()).contains("-pl deploy -am package");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void the_native_decoder_bindings_are_built_and_their_libraries_installed(String name) {
        // The core module builds each JNI binding only where its library's header is (profiles
        // native-turbojpeg, native-webp); the image needs the shared libraries they link against.
        assertThat(RepositoryFiles.xpath("core/pom.xml",
                "/project/profiles/profile[id='native-turbojpeg']/activation/file/exists")).contains("/usr/include/turbojpeg.h");
        assertThat(RepositoryFiles.xpath("core/pom.xml",
                "/project/profiles/profile[id='native-webp']/activation/file/exists")).contains("/usr/include/webp/decode.h");
        assertThat(dockerfile(name).stage("build").text()).contains("libturbojpeg0-dev").contains("libwebp-dev").contains("gcc");
        // Ubuntu's packages of libturbojpeg.so.0 and libwebp.so.7, installed before the image drops root.
        String image = dockerfile(name).finalStage().text();
        for (String library : new String[] {"libturbojpeg", "libwebp7"}) {
            assertThat(image).containsPattern("apt-get install [^\\n]*\\b" + library + "\\b");
            assertThat(image.indexOf(library)).isLessThan(image.lastIndexOf("USER"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void every_run_in_the_image_stage_runs_as_root(String name) {
        // apt-get and mkdir /flink-data need root. The official flink images end with USER flink
        // (apache/flink-docker, 2.2/*/Dockerfile); the CUDA images run as root.
        Dockerfile.Stage image = dockerfile(name).finalStage();
        String user = image.from().startsWith("flink:") ? "flink" : "root";
        for (Dockerfile.Instruction i : image.instructions()) {
            if (i.keyword().equals("USER")) {
                user = i.arguments().trim();
            } else if (i.keyword().equals("RUN")) {
                assertThat(user).as("user for RUN %s", i.arguments()).isIn("root", "0");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void the_repositorys_models_are_in_the_image(String name) throws Exception {
        Dockerfile.Copy copy = dockerfile(name).finalStage().copyTo(DeploymentPaths.IMAGE_MODELS + "/");
        assertThat(copy.source()).isEqualTo("/src/" + DeploymentPaths.REPOSITORY_MODELS + "/");
        try (var models = Files.list(RepositoryFiles.path(DeploymentPaths.REPOSITORY_MODELS))) {
            assertThat(models.filter(m -> Files.isRegularFile(m.resolve("model-card.json")))).isNotEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void the_deploy_modules_jar_is_in_the_image_under_its_built_name(String name) {
        String artifactId = RepositoryFiles.xpath("deploy/pom.xml", "/project/artifactId").orElseThrow();
        String version = RepositoryFiles.xpath("deploy/pom.xml", "/project/parent/version").orElseThrow();
        assertThat(dockerfile(name).finalStage().copyTo(DeploymentPaths.IMAGE_DEPLOY_JAR).source())
                .isEqualTo("/src/deploy/target/" + artifactId + "-" + version + ".jar");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void the_image_runs_as_the_unprivileged_flink_user(String name) {
        Dockerfile.Stage image = dockerfile(name).finalStage();
        assertThat(image.lastUser()).contains("flink");
        assertThat(image.copies()).filteredOn(c -> c.fromStage().filter(s -> s.equals("build")).isPresent())
                .allSatisfy(c -> assertThat(c.flags()).contains("--chown=flink:flink"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dockerfile", "Dockerfile.gpu"})
    void each_dockerfile_has_an_ignore_file_that_keeps_build_output_out_of_the_context(String name) throws Exception {
        Path ignore = RepositoryFiles.path("docker/" + name + ".dockerignore");
        assertThat(Files.readAllLines(ignore)).contains("**/target", ".git");
    }
}
