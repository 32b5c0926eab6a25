package dev.polystack.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** `sam deploy` must be able to order template.yaml's resources: the reference graph has no cycle. */
class TemplateGraphTest {
    /** The completion function's S3 event on the Uploads bucket: it makes the bucket depend on the function. */
    static final String S3_EVENT = """
                  Events:
                    Created:
                      Type: S3
                      Properties:
                        Bucket: !Ref Uploads
            """;

    @Test
    void templateYamlHasNoDependencyCycle() throws IOException {
        var template = TemplateGraph.parse(Files.readString(ContractsAgreeTest.ROOT.resolve("template.yaml")));
        Optional<List<String>> cycle = TemplateGraph.cycle(TemplateGraph.dependencies(template));
        assertEquals(
                Optional.empty(), cycle, "CloudFormation refuses a circular dependency: " + cycle.orElse(List.of()));
    }

    @Test
    void findsTheBucketFunctionCycleOfAnEnvironmentVariableNamingTheBucket() {
        // aws-sam-cli#1794 / serverless-application-model#1109: the S3 event makes the bucket wait for the
        // function, whose environment (here from Globals) waits for the bucket.
        var template = TemplateGraph.parse("""
                Globals:
                  Function:
                    Environment:
                      Variables:
                        BUCKET_NAME: !Ref Uploads
                Resources:
                  Completed:
                    Type: AWS::Serverless::Function
                    Properties:
                      Events:
                        Created:
                          Type: S3
                          Properties:
                            Bucket: !Ref Uploads
                            Events: s3:ObjectCreated:*
                  Uploads:
                    Type: AWS::S3::Bucket
                """);
        assertEquals(
                Optional.of(List.of("Completed", "Uploads", "Completed")),
                TemplateGraph.cycle(TemplateGraph.dependencies(template)));
    }

    @Test
    void findsTheCycleOfAPolicyNamingTheBucketsArnInASub() {
        var template = TemplateGraph.parse("""
                Resources:
                  Uploads:
                    Type: AWS::S3::Bucket
                  Completed:
                    Type: AWS::Serverless::Function
                    Properties:
                      Policies:
                        - Statement:
                            - Effect: Allow
                              Action: [s3:GetObject]
                              Resource: !Sub '${Uploads.Arn}/uploads/*'
                """ + S3_EVENT);
        assertTrue(TemplateGraph.cycle(TemplateGraph.dependencies(template)).isPresent());
    }

    @Test
    void aBucketNamedAsAStringIsNoCycle() {
        var template = TemplateGraph.parse("""
                Resources:
                  Uploads:
                    Type: AWS::S3::Bucket
                    Properties:
                      BucketName: !Sub 'app-uploads-${AWS::AccountId}-${AWS::Region}'
                  Completed:
                    Type: AWS::Serverless::Function
                    Properties:
                      Environment:
                        Variables:
                          BUCKET_NAME: !Sub 'app-uploads-${AWS::AccountId}-${AWS::Region}'
                """ + S3_EVENT);
        assertEquals(Optional.empty(), TemplateGraph.cycle(TemplateGraph.dependencies(template)));
    }
}
