package io.hashstream.deploy.docker;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A Dockerfile as a list of instructions (continuation lines joined, comments dropped), split into
 * build stages at each FROM. Enough to check what a file copies where, not a full parser.
 */
public record Dockerfile(List<Stage> stages) {

    public record Instruction(String keyword, String arguments) {}

    public record Stage(String from, Optional<String> name, List<Instruction> instructions) {

        public List<Instruction> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
        }

        /** COPY instructions as (flags, sources, destination). */
        public List<Copy> copies() {
            List<Copy> copies = new ArrayList<>();
            for (Instruction i : all("COPY")) {
                List<String> flags = new ArrayList<>();
                List<String> paths = new ArrayList<>();
                for (String word : i.arguments().trim().split("\\s+")) {
                    (word.startsWith("--") ? flags : paths).add(word);
                }
                copies.add(new Copy(flags, paths.subList(0, paths.size() - 1), paths.get(paths.size() - 1)));
            }
            return copies;
        }

        public Copy copyTo(String destination) {
            return copies().stream().filter(c -> c.destination().equals(destination)).findFirst()
                    .orElseThrow(() -> new AssertionError("nothing is copied to " + destination));
        }

        public Optional<String> lastUser() {
            List<Instruction> users = all("USER");
            return users.isEmpty() ? Optional.empty() : Optional.of(users.get(users.size() - 1).arguments().trim());
        }

        public String text() {
            StringBuilder sb = new StringBuilder();
            instructions.forEach(i -> sb.append(i.keyword()).append(' ').append(i.arguments()).append('\n'));
            return sb.toString();
        }
    }

    public record Copy(List<String> flags, List<String> sources, String destination) {
        public Optional<String> fromStage() {
            return flags.stream().filter(f -> f.startsWith("--from=")).map(f -> f.substring("--from=".length())).findFirst();
        }

        public String source() {
            if (sources.size() != 1) {
                throw new AssertionError("expected one source in " + this);
            }
            return sources.get(0);
        }
    }

    public static Dockerfile parse(String text) {
        List<String> logical = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue; // blank lines and comments, also inside a continued instruction
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
            } else {
                current.append(trimmed);
                logical.add(current.toString());
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            logical.add(current.toString());
        }
        List<Stage> stages = new ArrayList<>();
        List<Instruction> instructions = null;
        for (String l : logical) {
            int space = l.indexOf(' ');
            String keyword = (space < 0 ? l : l.substring(0, space)).toUpperCase(Locale.ROOT);
            String args = space < 0 ? "" : l.substring(space + 1).trim();
            if (keyword.equals("FROM")) {
                String[] words = args.split("\\s+");
                Optional<String> name = words.length >= 3 && words[1].equalsIgnoreCase("AS") ? Optional.of(words[2]) : Optional.empty();
                instructions = new ArrayList<>();
                stages.add(new Stage(words[0], name, instructions));
            } else if (instructions != null) {
                instructions.add(new Instruction(keyword, args));
            } else if (!keyword.equals("ARG")) {
                throw new IllegalArgumentException("instruction before FROM: " + l);
            }
        }
        return new Dockerfile(List.copyOf(stages));
    }

    public Stage finalStage() {
        return stages.get(stages.size() - 1);
    }

    public Stage stage(String name) {
        return stages.stream().filter(s -> s.name().equals(Optional.of(name))).findFirst()
                .orElseThrow(() -> new AssertionError("no build stage " + name));
    }
}
