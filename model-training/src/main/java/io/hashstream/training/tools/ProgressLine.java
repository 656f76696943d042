package io.hashstream.training.tools;

import java.io.PrintWriter;
import java.util.Locale;

/** A one-line progress display on stderr: done/total, rate, refusals; redrawn at most every 200 ms. */
final class ProgressLine {
    private final PrintWriter out;
    private final String what;
    private final long total;
    private final long start = System.nanoTime();
    private long lastDraw;

    ProgressLine(PrintWriter out, String what, long total) {
        this.out = out;
        this.what = what;
        this.total = total;
    }

    void update(long done, long rejected, boolean last) {
        long now = System.nanoTime();
        if (!last && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        double s = Math.max((now - start) / 1e9, 1e-9);
        int width = 30;
        int filled = total == 0 ? width : (int) (width * done / total);
        out.printf(Locale.ROOT, "\r%s [%s%s] %d/%d  %.0f/s  rejected %d", what, "#".repeat(filled),
                " ".repeat(width - filled), done, total, done / s, rejected);
        if (last) {
            out.println();
        }
        out.flush();
    }
}
