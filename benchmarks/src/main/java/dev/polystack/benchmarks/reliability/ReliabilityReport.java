package dev.polystack.benchmarks.reliability;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.Map;

/**
 * Writes RELIABILITY.md from the figures the reliability suites and the soak left in
 * {@code local/target/reliability/} during one run of {@code local/reliability}. Nothing here is a
 * constant: a figure that was not measured is reported as missing.
 */
public final class ReliabilityReport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FIGURES = Path.of("local", "target", "reliability");

    private ReliabilityReport() {}

    public static void main(String[] args) throws IOException {
        String command = args.length > 0 ? String.join(" ", args) : "local/reliability";
        StringBuilder md = new StringBuilder();
        md.append("# Reliability\n\n");
        md.append("Written by `")
                .append(command)
                .append("` on ")
                .append(LocalDate.now(ZoneOffset.UTC))
                .append(" (")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores, Java ")
                .append(System.getProperty("java.version"))
                .append(", host ")
                .append(InetAddress.getLocalHost().getHostName())
                .append("), from one run. Goals: 0 failures, 0 lost, 0 leaks.\n\n");

        JsonNode fuzz = read("fuzz");
        md.append("## Bad input, at scale (`FuzzIT`, jqwik through the local gateway)\n\n");
        if (fuzz == null) {
            md.append("not measured in this run\n\n");
        } else {
            md.append(
                            "Generated bodies, headers, paths, queries and tokens; invariants: never a 5xx, every refusal in the documented ")
                    .append(
                            "shape, no store changed by a refused request (DynamoDB, S3 and PostgreSQL compared before and after).\n\n");
            md.append("| Route | Inputs tried |\n| --- | ---: |\n");
            fuzz.path("triesPerRoute")
                    .fields()
                    .forEachRemaining(e -> md.append("| `")
                            .append(e.getKey())
                            .append("` | ")
                            .append(e.getValue())
                            .append(" |\n"));
            md.append("| **all** | **").append(fuzz.path("tries")).append("** |\n\n");
            md.append("Answers by status: ")
                    .append(join(fuzz.path("statuses")))
                    .append(". Failures: **")
                    .append(fuzz.path("failures"))
                    .append("**.\n\n");
        }

        JsonNode faults = read("faults");
        md.append("## Faults and crashes (`FaultsIT`, function processes)\n\n");
        if (faults == null) {
            md.append("not measured in this run\n\n");
        } else {
            md.append("| Fault injected | Times |\n| --- | ---: |\n");
            faults.path("injected")
                    .fields()
                    .forEachRemaining(e -> md.append("| ")
                            .append(e.getKey())
                            .append(" | ")
                            .append(e.getValue())
                            .append(" |\n"));
            md.append("\nOrders or uploads lost: **")
                    .append(faults.path("lost"))
                    .append("**; doubled: **")
                    .append(faults.path("doubled"))
                    .append("**.\n\n");
        }

        JsonNode matrix = read("access-matrix");
        md.append("## Cross-user access (`AccessMatrixIT`, OWASP API1/API3)\n\n");
        md.append(
                matrix == null
                        ? "not measured in this run\n\n"
                        : "Cells (caller × route, plus the owner's own answers checked for hashes and keys): **"
                                + matrix.path("cells") + "**, callers: " + matrix.path("callers") + ". Leaks: **"
                                + matrix.path("leaks") + "**.\n\n");

        JsonNode limits = read("limits");
        md.append("## Brute-force and sign-up limits (`LimitsIT`)\n\n");
        if (limits == null) {
            md.append("not measured in this run\n\n");
        } else {
            md.append(
                    "| Limit | Setting | Requests sent | Refused with 429 | Password hashes computed for refused requests |\n| --- | --- | ---: | ---: | ---: |\n");
            limits.fields()
                    .forEachRemaining(e -> md.append("| ")
                            .append(e.getKey())
                            .append(" | ")
                            .append(e.getValue().path("setting").asText())
                            .append(" | ")
                            .append(e.getValue().path("sent"))
                            .append(" | ")
                            .append(e.getValue().path("refused"))
                            .append(" | ")
                            .append(e.getValue().path("hashedWhileRefused"))
                            .append(" |\n"));
            md.append('\n');
        }

        JsonNode soak = read("soak");
        md.append("## Load with invariants (`local/soak`)\n\n");
        if (soak == null) {
            md.append("not measured in this run\n\n");
        } else {
            md.append(soak.path("seconds"))
                    .append(" s, ")
                    .append(soak.path("clients"))
                    .append(" concurrent clients, every function in its own process. ")
                    .append("Requests: **")
                    .append(soak.path("requests"))
                    .append("**, answers by status: ")
                    .append(join(soak.path("statuses")))
                    .append("; 5xx rate ")
                    .append(String.format(
                            java.util.Locale.ROOT,
                            "%.2f %%",
                            100 * soak.path("errorRate").asDouble()))
                    .append(
                            " (a request whose function process was killed is answered 500, as API Gateway does). Processes killed: ")
                    .append(join(soak.path("kills")))
                    .append(".\n\n");
            md.append("| Invariant | Result |\n| --- | --- |\n");
            md.append("| stock conserved (initial = remaining + sold) | ")
                    .append(soak.path("stockConserved").asBoolean() ? "holds" : "**broken**")
                    .append(" |\n");
            md.append("| orders in PostgreSQL without exactly one DynamoDB summary (of ")
                    .append(soak.path("orders"))
                    .append(") | ")
                    .append(soak.path("ordersWithoutExactlyOneSummary"))
                    .append(" |\n");
            md.append("| summaries without their order | ")
                    .append(soak.path("summariesWithoutOrder"))
                    .append(" |\n");
            md.append("| uploads left PENDING with their object present (of ")
                    .append(soak.path("uploadsWithObject"))
                    .append(") | ")
                    .append(soak.path("uploadsPendingWithObject"))
                    .append(" |\n");
            md.append("| sessions accepted after expiry (of ")
                    .append(soak.path("expiredSessionChecks"))
                    .append(" checks) | ")
                    .append(soak.path("sessionsAcceptedAfterExpiry"))
                    .append(" |\n\n");
        }
        md.append(
                        "Run it again: `local/reliability` (the suites at a larger size, then `local/soak`, then this report). CI runs the same ")
                .append("suites at a smaller size on every build (`mvn verify`).\n");
        Files.writeString(Path.of("RELIABILITY.md"), md.toString());
        System.out.println(md);
    }

    private static JsonNode read(String suite) throws IOException {
        Path file = FIGURES.resolve(suite + ".json");
        return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
    }

    private static String join(JsonNode counts) {
        StringBuilder text = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            var e = it.next();
            text.append(text.length() == 0 ? "" : ", ")
                    .append(e.getKey())
                    .append(": ")
                    .append(e.getValue());
        }
        return text.length() == 0 ? "none" : text.toString();
    }
}
