package io.hashstream.jobs.perf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** A process's CPU time and resident memory from Linux's /proc (any process of this user, this JVM included). */
final class ProcFiles {

    private ProcFiles() {}

    /** utime + stime of a process in clock ticks (fields 14 and 15 of /proc/PID/stat), or -1 once it is gone. */
    static long cpuTicks(long pid) {
        try {
            return ticksOf(Files.readString(Path.of("/proc/" + pid + "/stat")));
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** utime + stime from the text of a /proc stat file (a process's or a thread's). */
    static long ticksOf(String stat) {
        // the command name (field 2) may contain spaces: count fields after its closing parenthesis
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long rssBytes(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
