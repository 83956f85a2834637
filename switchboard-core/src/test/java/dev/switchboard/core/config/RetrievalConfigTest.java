package dev.switchboard.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.core.spi.ProviderRegistry;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code retrieval} section: defaults, binding, and problems with their lines. */
class RetrievalConfigTest {

    private static SwitchboardConfig parse(String yaml) throws ConfigException {
        return new ConfigLoader(Map.of("PG_PASSWORD", "hunter2-secret"), ProviderRegistry.builtIn()).parse("s.yaml", yaml);
    }

    private static String problems(String yaml) {
        ConfigException e = catchThrowableOfType(ConfigException.class, () -> parse(yaml));
        assertThat(e).as("a problem in\n%s", yaml).isNotNull();
        return e.getMessage();
    }

    @Test
    void defaultsToLuceneWithBgeSmall() throws ConfigException {
        RetrievalConfig retrieval = parse("").retrieval();
        assertThat(retrieval.store()).isEqualTo(RetrievalConfig.Store.LUCENE);
        assertThat(retrieval.defaultModel()).isEqualTo("local/bge-small-en-v1.5");
        assertThat(retrieval.chunkTokens()).isEqualTo(256);
        assertThat(retrieval.chunkOverlapTokens()).isEqualTo(32);
        assertThat(retrieval.rrfK()).isEqualTo(60);
        assertThat(retrieval.maxTopK()).isEqualTo(100);
        assertThat(retrieval.maxFileBytes()).isEqualTo(50L * 1024 * 1024);
        assertThat(retrieval.redacts("handbook")).isFalse();
    }

    @Test
    void bindsAPgvectorStoreWithoutShowingItsPassword() throws ConfigException {
        RetrievalConfig retrieval = parse("""
                retrieval:
                  store: pgvector
                  url: jdbc:postgresql://db:5432/rag
                  user: rag
                  password: ${env:PG_PASSWORD}
                  halfvec: true
                  keyword_candidates: 5000
                  default_model: local/all-minilm-l6-v2
                  max_file_bytes: 10MiB
                  max_upload_bytes: 200MiB
                  redact_collections: [handbook]
                """).retrieval();
        assertThat(retrieval.store()).isEqualTo(RetrievalConfig.Store.PGVECTOR);
        assertThat(retrieval.halfvec()).isTrue();
        assertThat(retrieval.keywordCandidates()).isEqualTo(5000);
        assertThat(retrieval.password()).isEqualTo("hunter2-secret");
        assertThat(retrieval.maxFileBytes()).isEqualTo(10L * 1024 * 1024);
        assertThat(retrieval.maxUploadBytes()).isEqualTo(200L * 1024 * 1024);
        assertThat(retrieval.redacts("handbook")).isTrue();
        assertThat(retrieval.redacts("other")).isFalse();
        assertThat(retrieval.toString()).doesNotContain("hunter2");
    }

    @Test
    void badValuesAreReportedWithTheirLines() {
        String message = problems("""
                retrieval:
                  store: pgvector
                  chunk_tokens: 1000
                  rrf_k: 0
                  max_top_k: 5000
                """);
        assertThat(message).contains("s.yaml:1: retrieval.url: store pgvector needs a jdbc:postgresql:// URL")
                .contains("s.yaml:3: retrieval.chunk_tokens: must be between 16 and 512")
                .contains("s.yaml:4: retrieval.rrf_k")
                .contains("s.yaml:5: retrieval.max_top_k");
        assertThat(problems("retrieval:\n  store: qdrant\n")).contains("s.yaml:2: retrieval.store", "expected one of lucene, pgvector");
        assertThat(problems("retrieval:\n  chunk_size: 3\n")).contains("unknown option 'chunk_size'");
    }
}
