package dev.polystack.local.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.polystack.app.FunctionSpec;
import dev.polystack.app.Functions;
import dev.polystack.app.Trigger;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sample events of {@code events/} and the function of the template each is for: an HTTP event
 * names its route in {@code routeKey}; a trigger's event is known by its file name.
 */
public final class SampleEvents {
    /**
     * The events of functions that no route invokes (authorizer, S3, schedules, deploy, operators), by file name,
     * from each function's one definition ({@link FunctionSpec#sampleEvent()}).
     */
    public static final Map<String, String> TRIGGER_EVENTS = Functions.ALL.stream()
            .filter(spec -> !(spec.trigger() instanceof Trigger.Api))
            .collect(Collectors.toUnmodifiableMap(FunctionSpec::sampleEvent, FunctionSpec::name));

    private static final ObjectMapper JSON = new ObjectMapper();

    private SampleEvents() {}

    /** Every {@code .json} file of the folder, by name. */
    public static List<Path> in(Path eventsDir) {
        try (Stream<Path> files = Files.list(eventsDir)) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The function the event is for; empty when the template has no such route or trigger. */
    public static Optional<String> functionFor(SamTemplate template, Path event) {
        String trigger = TRIGGER_EVENTS.get(event.getFileName().toString());
        if (trigger != null) {
            return Optional.of(trigger);
        }
        String routeKey;
        try {
            routeKey = JSON.readTree(event.toFile()).path("routeKey").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return template.triggers(FunctionDefinition.HttpRoute.class).stream()
                .filter(t -> routeKey.equals("$default")
                        ? t.getValue().path().equals("$default")
                        : routeKey.equals(
                                t.getValue().method() + " " + t.getValue().path()))
                .map(t -> t.getKey().name())
                .findFirst();
    }

    /** The first sample event of each function that has one, in the template's order. */
    public static Map<String, Path> byFunction(SamTemplate template, Path eventsDir) {
        Map<String, Path> found = new LinkedHashMap<>();
        for (Path event : in(eventsDir)) {
            functionFor(template, event).ifPresent(function -> found.putIfAbsent(function, event));
        }
        Map<String, Path> inTemplateOrder = new LinkedHashMap<>();
        template.functions().keySet().stream()
                .filter(found::containsKey)
                .forEach(name -> inTemplateOrder.put(name, found.get(name)));
        return inTemplateOrder;
    }
}
