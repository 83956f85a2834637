package dev.switchboard.retrieval.store;

/** The contract on PostgreSQL with vectors stored as {@code halfvec}. */
class HalfvecStoreTest extends PgVectorStoreTest {

    @Override
    boolean halfvec() {
        return true;
    }
}
