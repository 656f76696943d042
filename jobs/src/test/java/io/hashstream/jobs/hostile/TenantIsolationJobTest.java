package io.hashstream.jobs.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import io.hashstream.code.BinaryCode;
import io.hashstream.event.DeadLetter;
import io.hashstream.event.ImageEvent;
import io.hashstream.event.InputEventJson;
import io.hashstream.event.Match;
import io.hashstream.event.MatchResult;
import io.hashstream.image.ImagePipeline;
import io.hashstream.jobs.CollectingSink;
import io.hashstream.jobs.NearDuplicateJob;
import io.hashstream.jobs.RawRecord;
import io.hashstream.jobs.config.JobConfig;
import io.hashstream.jobs.pipeline.IndexShardFunction;
import io.hashstream.jobs.pipeline.RandomProjectionEncoder;
import io.hashstream.jobs.serde.RawRecordSerializer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Adversarial tenants at parallelism 4: every event of a stream with near-duplicates is sent at the
 * same moment by four tenants: {@code a} and {@code b} send identical events (same ids, images, event
 * times); {@code c} sends the same images at the same times under other ids (a leak from c shows as a
 * foreign id); {@code d} sends the same ids at the same times with other images (a leak from d shows as
 * a wrong distance or an extra match). Each tenant's results must equal a brute-force oracle over that
 * tenant's events alone.
 */
@Timeout(300)
class TenantIsolationJobTest {
    private static final int RADIUS = 8;
    private static final long SEED = 23;
    private static final List<String> TENANTS = List.of("a", "b", "c", "d");

    @RegisterExtension
    static final MiniClusterExtension CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(4).build());

    private record Image(String tenant, String id, long time, byte[] bytes) {}

    @Test
    void noTenantEverSeesAnotherTenantsImages() throws Exception {
        List<Image> base = stream(new Random(SEED));
        List<Image> all = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            Image e = base.get(i);
            all.add(new Image("a", e.id, e.time, e.bytes));
            all.add(new Image("b", e.id, e.time, e.bytes));
            all.add(new Image("c", "c-" + e.id, e.time, e.bytes));
            all.add(new Image("d", e.id, e.time, base.get((i + 7) % base.size()).bytes));
        }
        InputEventJson json = InputEventJson.withDefaults();
        List<RawRecord> records = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Image e = all.get(i);
            byte[] value = json.write(ImageEvent.inline(e.id, e.tenant, e.time, e.bytes, Map.of()));
            records.add(new RawRecord("images", i % 4, i, null, value, List.of(), e.time));
        }

        JobConfig config = JobConfig.defaults().with(Map.of(
                JobConfig.RADIUS, Integer.toString(RADIUS), JobConfig.PARALLELISM, "4",
                JobConfig.CHECKPOINT_INTERVAL_MS, "500", JobConfig.BATCH_SIZE, "16", JobConfig.IDLE_TIMEOUT_MS, "0"));
        Configuration flink = config.toFlinkConfiguration();
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        DataGeneratorSource<RawRecord> source = new DataGeneratorSource<>(
                index -> records.get(index.intValue()), records.size(), RawRecordSerializer.TYPE);
        CollectingSink<MatchResult> results = new CollectingSink<>("isolation-results");
        CollectingSink<DeadLetter> dead = new CollectingSink<>("isolation-dead");
        new NearDuplicateJob(config, new RandomProjectionEncoder.Factory(SEED, 64), source, results, dead).execute(env);

        assertThat(dead.values()).isEmpty();
        Map<String, MatchResult> got = results.values().stream()
                .collect(Collectors.toMap(r -> r.tenant() + "/" + r.id(), r -> r));
        assertThat(got).hasSize(all.size());
        Map<String, MatchResult> expected = oracle(all);
        for (String tenant : TENANTS) {
            Set<String> own = all.stream().filter(i -> i.tenant.equals(tenant)).map(Image::id).collect(Collectors.toSet());
            for (MatchResult r : got.values()) {
                if (r.tenant().equals(tenant)) {
                    assertThat(r.matches()).extracting(Match::id).as(tenant + "/" + r.id()).allMatch(own::contains);
                }
            }
        }
        expected.forEach((key, result) -> assertThat(got.get(key)).as(key).isEqualTo(result));
        long matches = expected.values().stream().filter(r -> r.tenant().equals("a")).mapToInt(r -> r.matches().size()).sum();
        assertThat(matches).as("the stream has near-duplicates for a leak to hide among").isGreaterThan(20);
        assertThat(expected.get("a/src-3").code()).isEqualTo(expected.get("b/src-3").code());
    }

    /** Brute force per tenant: every earlier image of the same tenant within the radius. */
    private static Map<String, MatchResult> oracle(List<Image> all) throws Exception {
        RandomProjectionEncoder encoder = new RandomProjectionEncoder(SEED, 64);
        ImagePipeline pipeline = new ImagePipeline(RandomProjectionEncoder.INPUT);
        Map<Image, BinaryCode> codes = new HashMap<>();
        for (Image i : all) {
            codes.put(i, encoder.encode(pipeline.toModelInput(i.bytes), 1)[0]);
        }
        long retention = JobConfig.defaults().retentionMillis();
        Map<String, MatchResult> out = new TreeMap<>();
        for (Image q : all) {
            List<Match> matches = new ArrayList<>();
            for (Image e : all) {
                int d = codes.get(e).distance(codes.get(q));
                if (e.tenant.equals(q.tenant) && d <= RADIUS && IndexShardFunction.visible(e.time, e.id, q.time, q.id, retention)) {
                    matches.add(new Match(e.id, d, e.time));
                }
            }
            out.put(q.tenant + "/" + q.id, MatchResult.of(q.id, q.tenant, q.time, encoder.modelId(), codes.get(q), matches));
        }
        return out;
    }

    /** 30 pictures and edited copies of most, in event-time order, some at the very same millisecond. */
    private static List<Image> stream(Random rnd) throws IOException {
        List<Image> out = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            BufferedImage picture = blocks(rnd);
            long t = 1_000L + s * 100L;
            out.add(new Image("", "src-" + s, t, png(picture)));
            int copies = 1 + rnd.nextInt(2);
            for (int c = 0; c < copies; c++) {
                // copies at the same moment as the original (tie broken by id) or a little later
                long at = c == 0 ? t : t + 1 + rnd.nextInt(50);
                out.add(new Image("", "src-" + s + "-copy-" + c, at, c == 0 ? jpeg(picture) : png(brighten(picture, 10))));
            }
        }
        return out;
    }

    private static BufferedImage blocks(Random rnd) {
        BufferedImage img = new BufferedImage(48, 48, BufferedImage.TYPE_INT_RGB);
        for (int by = 0; by < 8; by++) {
            for (int bx = 0; bx < 8; bx++) {
                int rgb = rnd.nextInt(0x1000000);
                for (int y = 0; y < 6; y++) {
                    for (int x = 0; x < 6; x++) {
                        img.setRGB(bx * 6 + x, by * 6 + y, rgb);
                    }
                }
            }
        }
        return img;
    }

    private static BufferedImage brighten(BufferedImage src, int delta) {
        BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int p = src.getRGB(x, y);
                int r = Math.min(255, ((p >> 16) & 255) + delta);
                int g = Math.min(255, ((p >> 8) & 255) + delta);
                int b = Math.min(255, (p & 255) + delta);
                out.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return out;
    }

    private static byte[] png(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static byte[] jpeg(BufferedImage img) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpeg", out);
        return out.toByteArray();
    }
}
