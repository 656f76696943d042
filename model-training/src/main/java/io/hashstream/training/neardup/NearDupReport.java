package io.hashstream.training.neardup;

import io.hashstream.training.augment.AugmentationFamily;
import io.hashstream.training.augment.Images;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import javax.imageio.ImageIO;

/**
 * A static HTML page (index.html plus thumbnails in img/) showing, per encoder and edit family, the
 * hardest misses (an original next to its edit, largest distance first) and the closest false
 * positives (an edit next to the original of a different source that came nearest), so a person can
 * look instead of read.
 */
public final class NearDupReport {
    static final int THUMB = 112;

    private NearDupReport() {}

    /**
     * @param original source picture by index
     * @param view the edit of source i in a family, regenerated exactly as the benchmark made it
     */
    public static Path write(Path dir, Map<String, NearDupScores> scores, Map<String, Integer> thresholds,
                             IntFunction<BufferedImage> original, BiFunction<AugmentationFamily, Integer, BufferedImage> view,
                             int perFamily) throws IOException {
        Path img = Files.createDirectories(dir.resolve("img"));
        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Near-duplicate report</title>\n")
                .append("<style>body{font-family:sans-serif;margin:16px;background:#fafafa}h2{margin-top:28px}")
                .append("table{border-collapse:collapse;margin:6px 0}td,th{border:1px solid #ccc;padding:4px;text-align:center;")
                .append("vertical-align:top;font-size:12px}img{width:").append(THUMB).append("px;height:").append(THUMB)
                .append("px;object-fit:contain;background:#fff;display:block}.miss{background:#fde8e8}.fp{background:#e8eefd}")
                .append("</style></head><body>\n<h1>Near-duplicate report</h1>\n<p>Hardest misses: original | edit (largest ")
                .append("Hamming distance first). Closest false positives: edit | original of a <em>different</em> source.</p>\n");
        for (Map.Entry<String, NearDupScores> e : scores.entrySet()) {
            String enc = e.getKey();
            int threshold = thresholds.get(enc);
            h.append("<h2>").append(escape(enc)).append(" (match at d &le; ").append(threshold).append(")</h2>\n");
            for (AugmentationFamily f : e.getValue().families()) {
                h.append("<h3>").append(f.id()).append("</h3>\n<table><tr>");
                List<NearDupScores.Pair> misses = e.getValue().hardestMisses(f);
                List<NearDupScores.Pair> fps = e.getValue().closestFalsePositives(f);
                for (NearDupScores.Pair p : misses.subList(0, Math.min(perFamily, misses.size()))) {
                    String a = save(img, original.apply(p.source()), "src-" + p.source());
                    String b = save(img, view.apply(f, p.source()), f.id() + "-" + p.source());
                    h.append(cell("miss", a, b, "source " + p.source() + ": d = " + p.distance()
                            + (p.distance() <= threshold ? " (found)" : " (missed)")));
                }
                h.append("</tr><tr>"); // misses on one row, false positives below
                for (NearDupScores.Pair p : fps.subList(0, Math.min(perFamily, fps.size()))) {
                    String a = save(img, view.apply(f, p.source()), f.id() + "-" + p.source());
                    String b = save(img, original.apply(p.other()), "src-" + p.other());
                    h.append(cell("fp", a, b, "edit of " + p.source() + " vs source " + p.other() + ": d = "
                            + p.distance() + (p.distance() <= threshold ? " (false match)" : "")));
                }
                h.append("</tr></table>\n");
            }
        }
        h.append("</body></html>\n");
        Path index = dir.resolve("index.html");
        Files.writeString(index, h.toString(), StandardCharsets.UTF_8);
        return index;
    }

    private static String cell(String kind, String a, String b, String caption) {
        return String.format(Locale.ROOT, "<td class=\"%s\"><table><tr><td><img src=\"img/%s\" alt=\"\"></td>"
                + "<td><img src=\"img/%s\" alt=\"\"></td></tr></table>%s</td>", kind, a, b, escape(caption));
    }

    private static String save(Path dir, BufferedImage image, String name) throws IOException {
        String file = name + ".png";
        Path p = dir.resolve(file);
        if (!Files.exists(p)) {
            ImageIO.write(Images.fit(image, THUMB * 2), "png", p.toFile());
        }
        return file;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
