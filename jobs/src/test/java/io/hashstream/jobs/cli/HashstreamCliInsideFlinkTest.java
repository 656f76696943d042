package io.hashstream.jobs.cli;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.apache.flink.client.program.StreamContextEnvironment;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.DefaultExecutorServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The job jar's main as Flink's client runs it (flink run, or the JobManager in application mode):
 * with Flink's context environment set, as {@code ClientUtils.executeProgram} sets it. A failure
 * must come out of main as an exception for Flink to report; System.exit here would end the test JVM
 * (and, in application mode, the JobManager).
 */
class HashstreamCliInsideFlinkTest {

    private static void asFlinksClient(Map<String, String> clusterConfiguration) {
        StreamContextEnvironment.setAsContext(new DefaultExecutorServiceLoader(), Configuration.fromMap(clusterConfiguration),
                HashstreamCliInsideFlinkTest.class.getClassLoader(), false, false);
    }

    @AfterEach
    void unsetContext() {
        StreamContextEnvironment.unsetAsContext();
    }

    @Test
    void aMisspelledSettingInTheClusterConfigurationIsThrownNotExited() {
        asFlinksClient(Map.of("hashstream.radiuss", "3"));
        assertThatThrownBy(() -> HashstreamCli.main(new String[] {"run", "--print-config", "--bootstrap-servers", "localhost:1"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown job setting 'hashstream.radiuss' in the Flink configuration");
    }

    @Test
    void aBadOptionIsThrownNotExited() {
        asFlinksClient(Map.of());
        assertThatThrownBy(() -> HashstreamCli.main(new String[] {"run", "--bootstrap-servers", "localhost:1", "--no-such-option"}))
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("--no-such-option");
        assertThatThrownBy(() -> HashstreamCli.main(new String[] {"run", "--bootstrap-servers", "localhost:1", "--set", "radius=x"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("radius");
    }

    @Test
    void aCommandThatSucceedsReturns() {
        asFlinksClient(Map.of("hashstream.radius", "3"));
        assertThatCode(() -> HashstreamCli.main(new String[] {"run", "--print-config", "--bootstrap-servers", "localhost:1"}))
                .doesNotThrowAnyException();
    }
}
