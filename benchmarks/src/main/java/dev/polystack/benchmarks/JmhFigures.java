package dev.polystack.benchmarks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/** The JMH benchmarks ({@link SigningBenchmark}, {@link LoginBenchmark}), each in a forked JVM as JMH runs them. */
final class JmhFigures {
    record Figure(String benchmark, double score, double error, String unit) {}

    private JmhFigures() {}

    static List<Figure> run(Path output) throws RunnerException {
        var options = new OptionsBuilder()
                .include(SigningBenchmark.class.getName())
                .include(LoginBenchmark.class.getName())
                .output(output.toString())
                .build();
        List<Figure> figures = new ArrayList<>();
        for (RunResult result : new Runner(options).run()) {
            String name = result.getParams().getBenchmark();
            var primary = result.getPrimaryResult();
            figures.add(new Figure(
                    name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1),
                    primary.getScore(),
                    primary.getScoreError(),
                    primary.getScoreUnit()));
        }
        figures.sort(java.util.Comparator.comparing(Figure::benchmark));
        return figures;
    }
}
