package io.hashstream.deploy.demo;

import io.hashstream.jobs.cli.demo.DemoFeed;
import io.hashstream.jobs.cli.demo.DemoFeedProducer;
import io.hashstream.jobs.cli.demo.DemoImages;
import io.hashstream.jobs.config.InputFormat;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.kafka.KafkaClientSettings;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The docker-compose demo producer: the demo feed of the jobs module (pictures, edited copies, a few
 * broken events) sent to an external broker's images topic, for a job already running on a cluster.
 * Procedural pictures, so the image needs no picture collection. Runs from the job image with the
 * job jar and this module's jar on the classpath (docker/docker-compose.yml, service demo-producer).
 */
@Command(name = "demo-feed", mixinStandardHelpOptions = true,
        description = "Send the demo feed (pictures, edited copies, broken events) to a Kafka images topic.")
public final class DemoFeedCommand implements Callable<Integer> {

    @Option(names = "--bootstrap-servers", required = true, description = "Kafka bootstrap servers")
    String bootstrapServers;

    @Option(names = "--topic", description = "images topic; default: the job's default (${DEFAULT-VALUE})")
    String topic = JobConfig.defaults().imagesTopic();

    @Option(names = "--tenant", description = "tenant of the events; default: ${DEFAULT-VALUE}")
    String tenant = "demo";

    @Option(names = "--images", description = "pictures; default: ${DEFAULT-VALUE}")
    int images = 30;

    @Option(names = "--edits-per-image", description = "edited copies per picture (two pictures in three); default: ${DEFAULT-VALUE}")
    int editsPerImage = 2;

    @Option(names = "--rate", description = "events per second; default: ${DEFAULT-VALUE}")
    double rate = 5;

    @Option(names = "--seed", description = "seed of pictures, edits and order; default: ${DEFAULT-VALUE}")
    long seed = 42;

    @Override
    public Integer call() {
        DemoFeed feed = DemoFeed.generate(DemoImages.procedural(images, seed), editsPerImage, seed);
        System.out.printf("sending %d events (%d edited copies) to %s at %s/s%n", feed.items().size(), feed.editCount(), topic, rate);
        try (DemoFeedProducer producer = new DemoFeedProducer(KafkaClientSettings.of(bootstrapServers), topic, tenant, InputFormat.JSON)) {
            boolean complete = producer.send(feed, rate, item -> System.out.printf("sent %-24s %s%n", item.id(), item.description()));
            return complete ? 0 : 1;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoFeedCommand()).execute(args));
    }
}
