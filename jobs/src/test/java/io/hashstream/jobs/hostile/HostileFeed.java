package io.hashstream.jobs.hostile;

import io.hashstream.event.EventLimits;
import io.hashstream.event.HostileEvents;
import io.hashstream.image.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;

/**
 * A seeded feed of hostile JSON-mode records with valid ones mixed in, each with what the job must make
 * of it. Event-level kinds come from core's {@link HostileEvents}; this adds image-level kinds (damaged,
 * lying and exotic images), URI kinds (private addresses, paths outside the allowed root, missing
 * files, hosts that do not resolve) and values larger than the topic allows.
 *
 * <p>Every record's expectation is the {@link IngestOracle}'s verdict, and each kind pins which
 * verdicts it may have (a bomb must be {@code image.too_many_pixels}, a CMYK JPEG must be a result,
 * ...): a generator whose record gets any other verdict fails at once, so the expectations are
 * specific, not whatever the code happens to do.
 */
final class HostileFeed {
    static final String RESULT = "result";
    /** Largest value the test topic takes ({@code max.message.bytes}). */
    static final int TOPIC_MAX_BYTES = 1 << 20;
    static final long BASE_TIME = 1_700_000_000_000L;

    private final Random random;
    private final IngestOracle oracle;
    private final Path fileRoot;
    private final List<Kind> kinds = new ArrayList<>();
    private final List<HostileEvents.JsonCase> eventCases;
    private final byte[][] validPngs = new byte[32][];
    private int next;

    private record Kind(String name, Set<String> allowed, Function<Random, String> make) {
    }

    /**
     * @param fileRoot the directory the job's URI loader may read (an image file is written into it)
     * @param count    how many records {@link #records()} makes
     */
    HostileFeed(long seed, int count, IngestOracle oracle, Path fileRoot) {
        this.random = new Random(seed);
        this.oracle = oracle;
        this.fileRoot = fileRoot;
        this.eventCases = HostileEvents.json(count, seed, EventLimits.defaults());
        for (int i = 0; i < validPngs.length; i++) {
            validPngs[i] = (i % 2 == 0) ? HostileImages.png(seed + i) : HostileImages.jpeg(seed + i);
        }
        try {
            Files.write(fileRoot.resolve("ok.png"), HostileImages.png(seed ^ 99));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        defineKinds();
    }

    /** {@code count} records: kinds in rotation, event-level kinds from {@link HostileEvents} interleaved. */
    List<HostileRecord> records(int count) {
        List<HostileRecord> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(i % 3 == 0 ? eventCase(i / 3) : imageOrUriCase(i));
        }
        // Rare, expensive kinds at fixed places: values over the topic limit and a real image at the pixel limit.
        for (int i = 0; i < 3 && count > 100; i++) {
            out.set(17 + i * (count / 3), oversize(i));
        }
        if (count >= 1000) {
            out.set(count / 2 + 1, atPixelLimit());
        }
        return out;
    }

    private HostileRecord eventCase(int n) {
        HostileEvents.JsonCase c = eventCases.get(n % eventCases.size());
        long time = BASE_TIME + n;
        return check("event: " + c.kind(), Set.of(c.expectedReason()), c.value(), time);
    }

    private HostileRecord imageOrUriCase(int i) {
        Kind k = kinds.get(next++ % kinds.size());
        long time = BASE_TIME + i;
        String json = k.make.apply(random);
        return check(k.name, k.allowed, json.getBytes(StandardCharsets.UTF_8), time);
    }

    private HostileRecord check(String kind, Set<String> allowed, byte[] value, long time) {
        String verdict = oracle.verdict(value, time);
        String outcome = verdict == null ? RESULT : verdict;
        if (!allowed.contains(outcome)) {
            throw new IllegalStateException("kind '" + kind + "' got " + outcome + ", allowed " + allowed);
        }
        Expected e = verdict == null ? Expected.result() : Expected.deadLetter(verdict);
        return new HostileRecord(kind, null, value, time, e);
    }

    /** An event whose value is larger than the topic's {@code max.message.bytes}: the broker refuses the send. */
    private HostileRecord oversize(int n) {
        String head = "{\"id\":\"" + id() + "\",\"tenant\":\"t0\",\"image\":\"";
        byte[] padding = new byte[TOPIC_MAX_BYTES + 1024 * (1 + n)];
        random.nextBytes(padding);
        byte[] value = (head + Base64.getEncoder().encodeToString(padding) + "\"}").getBytes(StandardCharsets.UTF_8);
        return new HostileRecord("value over the topic's max.message.bytes", null, value, BASE_TIME, Expected.producerRefused());
    }

    private HostileRecord atPixelLimit() {
        // 8000 x 5000 = exactly the default limit of 40,000,000 pixels: accepted (the limit is inclusive).
        byte[] png = HostileImages.bilevelPng(8000, (int) (HostileImages.PIXEL_LIMIT / 8000));
        return check("png exactly at the pixel limit (real data)", Set.of(RESULT),
                inline(png).getBytes(StandardCharsets.UTF_8), BASE_TIME);
    }

    private void defineKinds() {
        Set<String> ok = Set.of(RESULT);
        Set<String> damaged = Set.of("image.truncated", "image.corrupt");
        Set<String> anyImageOutcome = Set.of(RESULT, "image.truncated", "image.corrupt", "image.too_many_pixels",
                "image.unknown_format", "image.unsupported_format");
        add("valid png/jpeg", ok, r -> inline(validPngs[r.nextInt(validPngs.length)]));
        add("valid png/jpeg (again)", ok, r -> inline(validPngs[r.nextInt(validPngs.length)]));
        add("progressive jpeg", ok, r -> inline(HostileImages.progressiveJpeg(r.nextLong())));
        add("cmyk jpeg", ok, r -> inline(HostileImages.resource("cmyk.jpg")));
        add("jpeg with exif orientation 6", ok, r -> inline(HostileImages.resource("orientation-6.jpg")));
        add("16-bit png", ok, r -> inline(HostileImages.resource("rgb16.png")));
        add("palette png", ok, r -> inline(HostileImages.palettePng(r.nextLong())));
        add("grayscale png", ok, r -> inline(HostileImages.grayPng(r.nextLong())));
        add("png with alpha", ok, r -> inline(HostileImages.rgbaPng(r.nextLong())));
        add("animated gif", ok, r -> inline(HostileImages.resource("animated.gif")));
        add("webp lossless", ok, r -> inline(HostileImages.resource("lossless.webp")));
        add("webp lossy", ok, r -> inline(HostileImages.resource("lossy.webp")));

        add("truncated png", damaged, r -> inline(HostileImages.truncate(validPngs[0], r)));
        add("truncated jpeg", damaged, r -> inline(HostileImages.truncate(validPngs[1], r)));
        add("truncated gif", Set.of("image.truncated", "image.corrupt", RESULT),
                r -> inline(HostileImages.truncate(HostileImages.gif(7), r)));
        add("truncated webp", damaged, r -> inline(HostileImages.truncate(HostileImages.resource("lossy.webp"), r)));
        add("bit-flipped png", anyImageOutcome, r -> inline(HostileImages.flipBits(validPngs[2], r)));
        add("bit-flipped jpeg", anyImageOutcome, r -> inline(HostileImages.flipBits(validPngs[3], r)));
        add("bit-flipped gif", anyImageOutcome, r -> inline(HostileImages.flipBits(HostileImages.gif(9), r)));
        add("bit-flipped webp", anyImageOutcome, r -> inline(HostileImages.flipBits(HostileImages.resource("lossless.webp"), r)));

        add("random bytes", Set.of("image.unknown_format"), r -> {
            byte[] b = new byte[1 + r.nextInt(2000)];
            r.nextBytes(b);
            b[0] = 'x';
            return inline(b);
        });
        add("text instead of an image", Set.of("image.unknown_format"),
                r -> inline(("<html>" + r.nextInt() + "</html>").getBytes(StandardCharsets.UTF_8)));
        add("heic/psd/ico/jp2", Set.of("image.unsupported_format"), r -> inline(HostileImages.resource(
                new String[] {"unsupported.heic", "unsupported.psd", "unsupported.ico", "unsupported.jp2"}[r.nextInt(4)])));
        add("png bomb 100000x100000", Set.of("image.too_many_pixels"), r -> inline(TestImages.pngDeclaring(100_000, 100_000)));
        add("jpeg bomb 65000x65000", Set.of("image.too_many_pixels"),
                r -> inline(TestImages.jpegDeclaring(validPngs[1], 65_000, 65_000)));
        add("png declaring one pixel over the limit", Set.of("image.too_many_pixels"),
                r -> inline(TestImages.pngDeclaring(8000, (int) (HostileImages.PIXEL_LIMIT / 8000) + 1)));
        add("png declaring 0x0", Set.of("image.corrupt"), r -> inline(TestImages.pngDeclaring(0, 0)));
        add("empty inline image", Set.of("event.no_image", "image.empty", "event.bad_base64"), r -> inline(new byte[0]));

        add("file uri inside the allowed root", ok, r -> uri(fileRoot.resolve("ok.png").toUri().toString()));
        add("file uri outside the allowed root", Set.of("uri.disallowed_path"), r -> uri("file:///etc/passwd"));
        add("file uri that does not exist", Set.of("uri.not_found"),
                r -> uri(fileRoot.resolve("missing-" + r.nextInt(1000) + ".png").toUri().toString()));
        add("uri to a private address", Set.of("uri.private_address"), r -> uri(new String[] {
                "http://127.0.0.1:9/a.jpg", "http://10.1.2.3/a.jpg", "http://169.254.169.254/latest/meta-data/",
                "http://192.168.0.1/x.png", "http://[::1]/a.jpg", "http://localhost/a.jpg", "http://0.0.0.0/a.jpg"}[r.nextInt(7)]));
        add("uri to a host that does not exist", Set.of("uri.not_found", "uri.io_error", "uri.timeout"),
                r -> uri("http://nowhere-" + r.nextInt(100) + ".invalid/a.jpg"));

        add("eventTime of the wrong type", Set.of("event.wrong_type"),
                r -> "{\"id\":\"" + id() + "\",\"eventTime\":\"soon\",\"image\":\"" + b64(validPngs[0]) + "\"}");
        add("attributes of the wrong type", Set.of("event.wrong_type"),
                r -> "{\"id\":\"" + id() + "\",\"attributes\":[1,2],\"image\":\"" + b64(validPngs[0]) + "\"}");
        add("image of the wrong type", Set.of("event.wrong_type"), r -> "{\"id\":\"" + id() + "\",\"image\":42}");
        add("deeply nested attributes", Set.of("event.wrong_type", "event.invalid_json", "event.bad_attribute"),
                r -> "{\"id\":\"" + id() + "\",\"image\":\"" + b64(validPngs[0]) + "\",\"attributes\":{\"a\":"
                        + "[".repeat(50) + "]".repeat(50) + "}}");
    }

    private void add(String name, Set<String> allowed, Function<Random, String> make) {
        kinds.add(new Kind(name, allowed, make));
    }

    private String inline(byte[] image) {
        return "{\"id\":\"" + id() + "\",\"tenant\":\"t" + random.nextInt(4) + "\",\"image\":\"" + b64(image) + "\"}";
    }

    private String uri(String uri) {
        return "{\"id\":\"" + id() + "\",\"tenant\":\"t" + random.nextInt(4) + "\",\"uri\":\"" + uri + "\"}";
    }

    private String id() {
        return "h-" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }

    /** The URI loader settings the job and the oracle share. */
    static Map<String, String> uriSettings(Path fileRoot) {
        return Map.of("uri-schemes", "file,http,https", "uri-hosts", "*", "uri-roots", fileRoot.toString(),
                "uri-connect-timeout-ms", "500", "uri-read-timeout-ms", "500", "uri-total-timeout-ms", "1000");
    }
}
