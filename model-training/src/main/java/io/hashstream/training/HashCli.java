package io.hashstream.training;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The model-training command line: {@code train} (HashNet / DHN, exports the model at the end) and
 * {@code evaluate} (an exported model on the retrieval protocol).
 */
@Command(name = "hashstream-train", mixinStandardHelpOptions = true,
        description = "Learning to hash with TensorFlow Java: train, export and evaluate HashNet / DHN encoders.",
        subcommands = {TrainCommand.class, EvaluateCommand.class, io.hashstream.training.tools.EncodeCommand.class, io.hashstream.training.tools.MatchCommand.class, io.hashstream.training.neardup.NearDupTrainCommand.class, io.hashstream.training.neardup.NearDupBenchmarkCommand.class})
public final class HashCli {

    public static void main(String[] args) {
        int code = new CommandLine(new HashCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }
}
