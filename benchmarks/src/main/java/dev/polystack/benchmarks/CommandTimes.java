package dev.polystack.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Wall-clock times of the project's own commands, as a developer types them. */
final class CommandTimes {
    /** {@code local/start}: from the command to its ready line; whether it built anything. */
    record Start(List<Double> readySeconds, List<Boolean> built) {}

    /** {@code mvn verify} in a fresh clone of the committed tree. */
    record Suite(String commit, double minutes, int exitCode, Path log) {
        /** The tests Surefire and Failsafe reported failed: {@code [ERROR] a.b.SomeIT.method -- Time elapsed: … <<< FAILURE!}. */
        List<String> failedTests() throws IOException {
            return Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("[ERROR] ") && l.matches(".* -- Time elapsed: .* <<< (FAILURE|ERROR)!"))
                    .map(l -> l.substring("[ERROR] ".length(), l.indexOf(" -- Time elapsed")))
                    .filter(name -> !name.startsWith("Tests run"))
                    .map(name -> name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1))
                    .distinct()
                    .toList();
        }
    }

    private CommandTimes() {}

    static Start localStart(Path project, int runs) throws IOException, InterruptedException {
        List<Double> ready = new ArrayList<>();
        List<Boolean> built = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            System.out.printf("  local/start, run %d of %d…%n", run, runs);
            int port = dev.polystack.local.Ports.freeInARow(3); // the gateway's, the Invoke API's and the edge's
            long start = System.nanoTime();
            Process process = new ProcessBuilder("local/start", "--port", Integer.toString(port))
                    .directory(project.toFile())
                    .redirectErrorStream(true)
                    .start();
            boolean building = false;
            double seconds = Double.NaN;
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = lines.readLine()) != null; ) {
                    building |= line.contains("building");
                    if (line.contains("ready at http://127.0.0.1:" + port)) {
                        seconds = (System.nanoTime() - start) / 1e9;
                        break;
                    }
                }
                process.destroy(); // SIGTERM, as a service manager stops it
                process.waitFor(60, TimeUnit.SECONDS);
            } finally {
                process.destroyForcibly();
            }
            if (Double.isNaN(seconds)) {
                throw new IllegalStateException("local/start printed no ready line (exit " + process.exitValue() + ")");
            }
            ready.add(seconds);
            built.add(building);
        }
        return new Start(ready, built);
    }

    static Suite verifyOnACleanClone(Path project, Path workDir) throws IOException, InterruptedException {
        Path clone = workDir.resolve("clean-clone");
        deleteRecursively(clone);
        run(project, List.of("git", "clone", "--quiet", "--no-hardlinks", project.toString(), clone.toString()));
        String commit = new String(
                        new ProcessBuilder("git", "rev-parse", "--short", "HEAD")
                                .directory(clone.toFile())
                                .start()
                                .getInputStream()
                                .readAllBytes(),
                        StandardCharsets.UTF_8)
                .strip();
        Path log = workDir.resolve("mvn-verify-clean-clone.log");
        System.out.println("  mvn verify in a clean clone of " + commit + " (log: " + project.relativize(log) + ")…");
        long start = System.nanoTime();
        int exit = new ProcessBuilder("mvn", "-B", "verify")
                .directory(clone.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start()
                .waitFor();
        double minutes = (System.nanoTime() - start) / 60e9;
        deleteRecursively(clone);
        return new Suite(commit, minutes, exit, log);
    }

    private static void run(Path dir, List<String> command) throws IOException, InterruptedException {
        int exit = new ProcessBuilder(command)
                .directory(dir.toFile())
                .inheritIO()
                .start()
                .waitFor();
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + exit);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
    }
}
