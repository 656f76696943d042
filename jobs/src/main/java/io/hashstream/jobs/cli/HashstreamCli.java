package io.hashstream.jobs.cli;

import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hashstream}: the near-duplicate job's command line. {@code run} runs the job against a Kafka
 * cluster (also the entry point of the cluster job jar under {@code flink run} and in application
 * mode); {@code demo} runs everything in one JVM: embedded Kafka, a Flink MiniCluster, a feed of
 * pictures and edited copies.
 */
@Command(name = "hashstream", mixinStandardHelpOptions = true, version = "hashstream 0.1.0",
        description = "Real-time near-duplicate image detection on Flink and Kafka.",
        subcommands = {RunCommand.class, DemoCommand.class, io.hashstream.jobs.perf.PerfCommand.class,
                io.hashstream.jobs.perf.IndexScaleCommand.class, CommandLine.HelpCommand.class})
public final class HashstreamCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) throws Exception {
        if (!StreamExecutionEnvironment.areExplicitEnvironmentsAllowed()) {
            // Flink's client runs this main (flink run, or the JobManager in application mode). There
            // System.exit would end Flink's JVM, the JobManager itself in application mode (Flink does
            // not intercept it by default): a failure is thrown, and Flink reports it as the job's error.
            runInsideFlink(args);
            return;
        }
        CommandLine commandLine = new CommandLine(new HashstreamCli());
        int exit = commandLine.execute(args);
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        boolean demo = parsed != null && parsed.subcommand() != null && parsed.subcommand().commandSpec().userObject() instanceof DemoCommand;
        // The demo owns its JVM: end it even if a library left a non-daemon thread behind. A local
        // `run` ends by itself when it succeeds.
        if (exit != 0 || demo) {
            System.exit(exit);
        }
    }

    /**
     * Runs the command line the way Flink expects a program to: returns when it succeeded, throws
     * what failed otherwise (a bad option as the {@link CommandLine.ParameterException}, after its
     * usage message; a failed job or a refused setting as itself).
     */
    static void runInsideFlink(String[] args) throws Exception {
        CommandLine commandLine = new CommandLine(new HashstreamCli());
        Exception[] failure = new Exception[1];
        CommandLine.IParameterExceptionHandler usage = commandLine.getParameterExceptionHandler();
        commandLine.setParameterExceptionHandler((ex, a) -> {
            failure[0] = ex;
            return usage.handleParseException(ex, a);
        });
        commandLine.setExecutionExceptionHandler((ex, cl, parsed) -> {
            failure[0] = ex;
            return cl.getCommandSpec().exitCodeOnExecutionException();
        });
        int exit = commandLine.execute(args);
        if (failure[0] != null) {
            throw failure[0];
        }
        if (exit != 0) {
            throw new IllegalStateException("hashstream " + String.join(" ", args) + " ended with exit code " + exit);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
