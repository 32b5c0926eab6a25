package dev.polystack.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.OptionalInt;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SaleSizingTest {

    @ParameterizedTest
    @CsvSource({"prod, SALE", "PROD, SALE", "dev, NONE", "staging, NONE"})
    void onlyTheProdStageIsSizedForASale(String stage, SaleSizing expected) {
        assertEquals(expected, SaleSizing.forStage(stage));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Authorizer", "Login", "ListProducts", "GetProduct", "PlaceOrder"})
    void aStageWithoutASaleReservesNothingEvenForTheHotFunctions(String name) {
        FunctionSpec spec = Functions.named(name);
        assertEquals(OptionalInt.empty(), SaleSizing.NONE.reservedConcurrency(spec));
        assertEquals(spec.reservedConcurrency(), SaleSizing.SALE.reservedConcurrency(spec));
    }

    /** A new account's quota may be 10: nothing can be reserved in it, since 100 must stay unreserved. */
    @ParameterizedTest
    @ValueSource(ints = {10, 50, 100})
    void devDeploysIntoAnAccountOfAnyConcurrency(int accountConcurrency) {
        assertEquals(0, SaleSizing.NONE.reservedTotal());
        assertTrue(SaleSizing.NONE.accountConcurrencyNeeded() <= accountConcurrency);
    }

    @ParameterizedTest
    @ValueSource(ints = {1000})
    void prodNeedsItsReservationsPlusTheUnreservedHundred(int defaultAccountConcurrency) {
        assertEquals(150 + 150 + 100 + 100 + 32, SaleSizing.SALE.reservedTotal());
        assertEquals(632, SaleSizing.SALE.accountConcurrencyNeeded());
        assertTrue(SaleSizing.SALE.accountConcurrencyNeeded() <= defaultAccountConcurrency);
    }
}
