package dev.polystack.local.recovery;

import dev.polystack.local.LocalBackend;
import dev.polystack.local.StackOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code local/recovery-drill [RECOVERY.md]}: starts a local stack of its own (functions in process,
 * PostgreSQL archiving its WAL), runs {@link RecoveryDrill}, prints every step's time and every check,
 * writes the report (and its timeline, {@code docs/recovery-timeline.svg}) and exits 1 if a check
 * failed. {@code MACHINE_NOTE} adds a line about the machine to the report.
 */
public final class RecoveryDrillCommand {
    static final String COMMAND = "local/recovery-drill";

    private RecoveryDrillCommand() {}

    public static void main(String[] args) throws IOException {
        Path report = Path.of(args.length > 0 ? args[0] : "RECOVERY.md");
        Instant began = Instant.now();
        long started = System.nanoTime();
        RecoveryDrill.Result result;
        Duration stackStart;
        try (LocalBackend backend = LocalBackend.start(StackOptions.forTests().toBuilder()
                .databaseUrl(null) // the drill restores the stack's own PostgreSQL
                .pointInTimeRecovery(true)
                .build())) {
            stackStart = Duration.ofNanos(System.nanoTime() - started);
            System.out.println("local stack started: " + stackStart.toMillis() + " ms");
            result = RecoveryDrill.run(backend, true, System.out::println);
        }
        Duration total = Duration.ofNanos(System.nanoTime() - started);
        System.out.println();
        System.out.println(
                result.passed() ? "every check passed" : result.failed().size() + " check(s) FAILED");
        System.out.println("whole drill: " + total.toMillis() + " ms");
        Path timeline = report.toAbsolutePath().getParent().resolve("docs").resolve("recovery-timeline.svg");
        Files.writeString(report, markdown(result, began, stackStart, total, report, timeline));
        Files.createDirectories(timeline.getParent());
        Files.writeString(timeline, svg(result.steps()));
        System.out.println("wrote " + report + " and " + timeline);
        System.exit(result.passed() ? 0 : 1);
    }

    static String markdown(
            RecoveryDrill.Result result,
            Instant began,
            Duration stackStart,
            Duration total,
            Path report,
            Path timeline) {
        StringBuilder md = new StringBuilder();
        md.append("# Recovery drill\n\n");
        md.append("What this page is: the figures and checks of one run of `")
                .append(COMMAND)
                .append("`, the rehearsal of a recovery to a moment T on the local stack ")
                .append("([docs/recovery.md](docs/recovery.md) says what it does and proves). ")
                .append("Written by the command; run it again to replace it.\n\n");
        md.append("- Run: ")
                .append(began.truncatedTo(ChronoUnit.SECONDS))
                .append(", restore point T = ")
                .append(result.restorePoint())
                .append("\n");
        md.append("- Command: `").append(COMMAND).append("` (from a clean clone: it builds first)\n");
        md.append("- Machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append(", Java ")
                .append(System.getProperty("java.version"));
        String note = System.getenv("MACHINE_NOTE");
        if (note != null && !note.isBlank()) {
            md.append("; ").append(note.strip());
        }
        md.append("\n");
        md.append("- Outcome: ")
                .append(result.passed() ? "every check passed" : result.failed().size() + " check(s) failed")
                .append("; local stack started in ")
                .append(seconds(stackStart))
                .append(", whole run ")
                .append(seconds(total))
                .append("\n\n");

        md.append("## Checks\n\n| | Check | Seen |\n| --- | --- | --- |\n");
        for (RecoveryDrill.Check check : result.checks()) {
            md.append("| ")
                    .append(check.passed() ? "PASS" : "**FAIL**")
                    .append(" | ")
                    .append(cell(check.name()))
                    .append(" | ")
                    .append(cell(check.seen()))
                    .append(" |\n");
        }
        md.append("\n## Steps and their times\n\n");
        md.append("![timeline of the steps](")
                .append(report.toAbsolutePath().getParent().relativize(timeline.toAbsolutePath()))
                .append(")\n\n");
        md.append("| Step | Time | What |\n| --- | ---: | --- |\n");
        for (RecoveryDrill.Step step : result.steps()) {
            md.append("| ")
                    .append(insideRecover(step) ? "&nbsp;&nbsp;" : "")
                    .append(cell(step.name()))
                    .append(" | ")
                    .append(step.took().toMillis())
                    .append(" ms | ")
                    .append(cell(step.detail()))
                    .append(" |\n");
        }
        long restoreAndRecover = result.steps().stream()
                .filter(step ->
                        step.name().startsWith("restore ") || step.name().equals(RecoveryDrill.RECOVER_INVOCATION))
                .mapToLong(step -> step.took().toMillis())
                .sum();
        md.append("\nRestores and reconcile together (the local recovery time): ")
                .append(restoreAndRecover)
                .append(" ms.\n");
        md.append("\nThe restores are local stand-ins (PostgreSQL's own WAL replay; DynamoDB Local and S3Proxy")
                .append(" put back from copies taken at their points); on AWS the restores take AWS's time")
                .append(" (docs/recovery.md), and `Recover`'s steps are what this drill measures.\n");
        return md.toString();
    }

    /**
     * One bar per step, in the order they ran, each as long as it took; Recover's steps are drawn inside
     * its invocation's bar.
     */
    static String svg(List<RecoveryDrill.Step> steps) {
        long totalMillis = Math.max(
                1,
                steps.stream()
                        .filter(s -> !insideRecover(s))
                        .mapToLong(s -> s.took().toMillis())
                        .sum());
        int width = 900;
        int label = 330;
        int row = 22;
        int height = steps.size() * row + 30;
        List<String> lines = new ArrayList<>();
        lines.add("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\"" + height
                + "\" font-family=\"sans-serif\" font-size=\"12\">");
        lines.add("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>");
        long offset = 0;
        long insideOffset = 0;
        for (int i = 0; i < steps.size(); i++) {
            RecoveryDrill.Step step = steps.get(i);
            if (step.name().equals(RecoveryDrill.RECOVER_INVOCATION)) {
                insideOffset = offset;
            }
            long from = insideRecover(step) ? insideOffset : offset;
            double x = label + (width - label - 80) * (double) from / totalMillis;
            double w = Math.max(1, (width - label - 80) * (double) step.took().toMillis() / totalMillis);
            int y = 10 + i * row;
            String color = step.name().startsWith("Recover")
                    ? "#2b8a3e"
                    : step.name().startsWith("restore") ? "#1864ab" : "#868e96";
            lines.add("<text x=\"4\" y=\"" + (y + 13) + "\">" + xml(step.name()) + "</text>");
            lines.add(String.format(
                    Locale.ROOT,
                    "<rect x=\"%.1f\" y=\"%d\" width=\"%.1f\" height=\"16\" fill=\"%s\"/>",
                    x,
                    y,
                    w,
                    color));
            lines.add(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\">%d ms</text>",
                    x + w + 4,
                    y + 13,
                    step.took().toMillis()));
            if (insideRecover(step)) {
                insideOffset += step.took().toMillis();
            } else {
                offset += step.took().toMillis();
            }
        }
        lines.add("</svg>");
        return String.join("\n", lines) + "\n";
    }

    private static boolean insideRecover(RecoveryDrill.Step step) {
        return step.name().startsWith("Recover ") && !step.name().equals(RecoveryDrill.RECOVER_INVOCATION);
    }

    private static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }

    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }

    private static String xml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
