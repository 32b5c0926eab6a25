package dev.polystack.shared;

/** Who made a privileged change, as audit records and log lines name them. */
public interface Actor {
    /** {@code user:<userId>} for an administrator, {@code operator:<name>} for an operator with AWS credentials. */
    String describe();
}
