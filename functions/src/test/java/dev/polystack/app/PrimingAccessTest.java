package dev.polystack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.polystack.shared.Priming;
import dev.polystack.shared.adapter.AwsClients;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A function primes only the calls its role allows (issue 21, finding 11): the names the primers use are real. */
class PrimingAccessTest {
    @Test
    void everyPrimerNeedsAnAccessOfTheDefinition() {
        AwsClients.PRIMER_ACCESS.forEach((primer, access) -> Access.valueOf(access));
        for (Map.Entry<String, String> read : AwsClients.S3_READS) {
            Access access = Access.valueOf(read.getKey());
            assertEquals(access.prefixes(), java.util.List.of(read.getValue()), read.getKey());
            assertTrue(access.actions().contains("s3:GetObject"), read.getKey());
        }
    }

    @Test
    void aReadOnlyFunctionIsNotAllowedToPrimeWrites() {
        String getMe = Functions.named("GetMe").accessVariable();
        assertTrue(Priming.allows(getMe, AwsClients.PRIMER_ACCESS.get("dynamodb.query")), getMe);
        for (String write : new String[] {"dynamodb.put", "dynamodb.update", "dynamodb.delete", "dynamodb.transact"}) {
            assertFalse(Priming.allows(getMe, AwsClients.PRIMER_ACCESS.get(write)), write + " for " + getMe);
        }
        String listProducts = Functions.named("ListProducts").accessVariable();
        assertTrue(Priming.allows(listProducts, AwsClients.PRIMER_ACCESS.get("rdsData")), listProducts);
        assertFalse(
                Priming.allows(listProducts, AwsClients.PRIMER_ACCESS.get("rdsData.transaction")),
                "a statement-only role begins no transaction");
    }

    @Test
    void withoutTheVariableEveryPrimerIsAllowedAndAnEmptyListAllowsNone() {
        assertTrue(Priming.allows(null, "TABLE_PUT"));
        assertFalse(Priming.allows("", "TABLE_PUT"));
    }
}
