package io.hashstream.jobs.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code hashstream}: the near-duplicate job's command line. {@code run} runs the job against a Kafka
 * cluster (also the entry point of the cluster job jar under {@code flink run}); {@code demo} runs
 * everything in one JVM: embedded Kafka, a Flink MiniCluster, a feed of pictures and edited copies.
 */
@Command(name = "hashstream", mixinStandardHelpOptions = true, version = "hashstream 0.1.0",
        description = "Real-time near-duplicate image detection on Flink and Kafka.",
        subcommands = {RunCommand.class, DemoCommand.class, io.hashstream.jobs.perf.PerfCommand.class,
                io.hashstream.jobs.perf.IndexScaleCommand.class, CommandLine.HelpCommand.class})
public final class HashstreamCli implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new HashstreamCli());
        int exit = commandLine.execute(args);
        CommandLine.ParseResult parsed = commandLine.getParseResult();
        boolean demo = parsed != null && parsed.subcommand() != null && parsed.subcommand().commandSpec().userObject() instanceof DemoCommand;
        // The demo owns its JVM: end it even if a library left a non-daemon thread behind. Under
        // flink run the client JVM is Flink's, so `run` only exits on failure.
        if (exit != 0 || demo) {
            System.exit(exit);
        }
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
