package dev.switchboard.retrieval.store;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LuceneStoreTest extends ChunkStoreContract {

    @TempDir
    Path dir;

    @Override
    ChunkStore open() {
        return new LuceneStore(dir);
    }

    @Override
    ChunkStore reopen() {
        // Lucene allows one writer per index: a restart means the first instance has closed
        retrieval.close();
        return new LuceneStore(dir);
    }
}
