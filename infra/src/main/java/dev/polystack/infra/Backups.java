package dev.polystack.infra;

import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.RemovalPolicy;
import software.amazon.awscdk.services.backup.BackupPlan;
import software.amazon.awscdk.services.backup.BackupPlanRule;
import software.amazon.awscdk.services.backup.BackupResource;
import software.amazon.awscdk.services.backup.BackupSelectionOptions;
import software.amazon.awscdk.services.backup.BackupVault;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.iam.IManagedPolicy;
import software.amazon.awscdk.services.iam.ManagedPolicy;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.iam.ServicePrincipal;
import software.constructs.Construct;

/**
 * One AWS Backup plan for the three stores that hold data: continuous backups (point-in-time restore)
 * of the Aurora cluster and the upload bucket, kept for the stage's recovery window in a vault of the
 * stage's own. AWS Backup has no continuous backup for DynamoDB, so the same rule takes a daily
 * snapshot of the table, and the table's own point-in-time recovery keeps the same window
 * (docs/backups.md, with the AWS documentation each choice rests on).
 */
final class Backups extends Construct {
    /** AWS's managed policies for a backup role: backup and restore, and S3's own pair (S3 is not in the first two). */
    static final List<String> ROLE_POLICIES = List.of(
            "service-role/AWSBackupServiceRolePolicyForBackup",
            "service-role/AWSBackupServiceRolePolicyForRestores",
            "AWSBackupServiceRolePolicyForS3Backup",
            "AWSBackupServiceRolePolicyForS3Restore");

    /** {@code clusterArn}, {@code tableArn} and {@code bucketArn}: the stores the functions use (restored ones, after a switch). */
    Backups(Construct scope, String id, DeploymentStage stage, String clusterArn, String tableArn, String bucketArn) {
        super(scope, id);
        // A vault that still holds recovery points cannot be deleted, and continuous recovery points
        // outlive the stack until their window ends: no stage asks CloudFormation to try.
        BackupVault vault = BackupVault.Builder.create(this, "Vault")
                .removalPolicy(RemovalPolicy.RETAIN)
                .build();
        BackupPlan plan = BackupPlan.Builder.create(this, "Plan")
                .backupVault(vault)
                .backupPlanRules(List.of(BackupPlanRule.Builder.create()
                        .ruleName("continuous-" + stage.recoveryWindowDays + "-days")
                        .enableContinuousBackup(true)
                        .deleteAfter(Duration.days(stage.recoveryWindowDays))
                        // Continuous backups are kept up to date all the time; the schedule is when the daily
                        // job runs (and when the table's snapshot is taken).
                        .scheduleExpression(Schedule.cron(software.amazon.awscdk.services.events.CronOptions.builder()
                                .hour("3")
                                .minute("0")
                                .build()))
                        .build()))
                .build();
        Role role = Role.Builder.create(this, "Role")
                .assumedBy(new ServicePrincipal("backup.amazonaws.com"))
                .description("polystack " + stage.id() + ": AWS Backup backs up and restores the stores")
                .managedPolicies(ROLE_POLICIES.stream()
                        .map(name -> (IManagedPolicy) ManagedPolicy.fromAwsManagedPolicyName(name))
                        .toList())
                .build();
        plan.addSelection(
                "Stores",
                BackupSelectionOptions.builder()
                        .resources(List.of(
                                BackupResource.fromArn(clusterArn),
                                BackupResource.fromArn(tableArn),
                                BackupResource.fromArn(bucketArn)))
                        .role(role)
                        .build());
    }
}
