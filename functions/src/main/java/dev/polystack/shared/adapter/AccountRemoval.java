package dev.polystack.shared.adapter;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * The user context's part of an erasure's first transaction: deleting its profile and e-mail claim.
 * The user context builds the writes, so the account context never spells its attributes.
 */
@FunctionalInterface
public interface AccountRemoval {
    /**
     * Deletes the profile (the first write, conditional on the profile existing) and the e-mail claim
     * (the second, unless it belongs to another user).
     */
    List<TransactWriteItem> removeAccount(String userId, String normalisedEmail);
}
