package dev.polystack.infra;

import io.github.cdklabs.cdknag.AwsSolutionsChecks;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.Aspects;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/** {@code cdk deploy [-c stage=prod]} from the repository root runs this (see cdk.json). */
public final class InfraApp {
    private InfraApp() {}

    public static void main(String[] args) {
        App app = new App();
        build(app);
        app.synth();
    }

    static PolystackStack build(App app) {
        DeploymentStage stage = DeploymentStage.fromContext(app.getNode().tryGetContext("stage"));
        PolystackStack stack = new PolystackStack(
                app,
                "polystack-" + stage.id(),
                StackProps.builder()
                        .env(Environment.builder()
                                .account(System.getenv("CDK_DEFAULT_ACCOUNT"))
                                .region(System.getenv("CDK_DEFAULT_REGION"))
                                .build())
                        .description("polystack (" + stage.id() + "): serverless backend with polyglot persistence")
                        .build(),
                stage,
                functionsJar().toString());
        Aspects.of(app).add(new AwsSolutionsChecks());
        return stack;
    }

    /** The repository's root (where cdk.json and template.yaml are), from it or from the infra module. */
    static Path projectRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("cdk.json")) && Files.isDirectory(dir.resolve("functions"))) {
                return dir;
            }
        }
        throw new IllegalStateException(
                "cdk.json not found in " + Path.of("").toAbsolutePath() + " or above: run from the project's folder");
    }

    /** The deployable jar, found from the repository root or from the infra module. */
    static Path functionsJar() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path jar = dir.resolve("functions/target/functions.jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
        }
        throw new IllegalStateException(
                "functions/target/functions.jar not found: run `mvn -DskipTests package` first");
    }
}
