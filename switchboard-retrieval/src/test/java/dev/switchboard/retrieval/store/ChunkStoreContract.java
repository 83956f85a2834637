package dev.switchboard.retrieval.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.core.api.ApiException;
import dev.switchboard.retrieval.Document;
import dev.switchboard.retrieval.Retrieval;
import dev.switchboard.retrieval.RetrievalSettings;
import dev.switchboard.retrieval.TextRedactor;
import dev.switchboard.retrieval.embed.Embedder;
import dev.switchboard.retrieval.embed.HashingEmbedder;
import dev.switchboard.retrieval.search.SearchMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ChunkStore} must have, checked through {@link Retrieval} with the
 * {@link HashingEmbedder}. Each store's test class extends this and opens a fresh store.
 */
abstract class ChunkStoreContract {

    /** A new, empty store; {@link #reopen} must see what it wrote. */
    abstract ChunkStore open();

    /** Another store instance on the same data (a restart, or another replica). */
    abstract ChunkStore reopen();

    private final List<ChunkStore> opened = new ArrayList<>();
    private final HashingEmbedder hashing = new HashingEmbedder();
    private final HashingEmbedder other = new HashingEmbedder("test/other", 256);
    /** Texts containing this word make the embedder fail. */
    private static final String POISON = "poisonword";
    Retrieval retrieval;

    @BeforeEach
    void setUp() {
        retrieval = retrieval(track(open()));
        retrieval.create("handbook", null);
    }

    @AfterEach
    void tearDown() {
        opened.forEach(ChunkStore::close);
    }

    private ChunkStore track(ChunkStore store) {
        opened.add(store);
        return store;
    }

    private Retrieval retrieval(ChunkStore store) {
        Embedder failing = new Embedder() {
            @Override
            public String model() {
                return hashing.model();
            }

            @Override
            public int dimensions() {
                return hashing.dimensions();
            }

            @Override
            public Embeddings embed(List<String> texts, Purpose purpose) {
                if (texts.stream().anyMatch(t -> t.contains(POISON))) {
                    throw new IllegalStateException("embedding failed");
                }
                return hashing.embed(texts, purpose);
            }
        };
        return new Retrieval(store, name -> name.equals(hashing.model()) ? Optional.of(failing)
                : name.equals(other.model()) ? Optional.of(other) : Optional.empty(),
                RetrievalSettings.defaults(HashingEmbedder.MODEL), TextRedactor.NONE);
    }

    private static Document doc(String id, String title, String text, Map<String, List<String>> metadata) {
        return new Document(id, title, text, metadata);
    }

    private List<String> docIds(String query, SearchMode mode) {
        return search(query, mode, Map.of(), Filter.Access.EVERYTHING);
    }

    private List<String> search(String query, SearchMode mode, Map<String, Set<String>> fields, Filter.Access access) {
        return retrieval.search("handbook", new Retrieval.Query(query, mode, 10, fields, access, null)).stream()
                .map(h -> h.chunk().documentId()).distinct().toList();
    }

    private void ingestSample() {
        List<Retrieval.Outcome> outcomes = retrieval.ingest("handbook", List.of(
                doc("leave", "Annual leave", "Employees get 25 days of annual leave each year.", Map.of()),
                doc("expenses", "Expenses", "Submit expense receipts within 30 days of purchase.", Map.of("deck", List.of("finance"))),
                doc("security", "Security", "Lock your laptop screen when you leave your desk.", Map.of("deck", List.of("it"))),
                doc("travel", "Travel", "Book flights through the travel desk; economy class for trips under six hours.",
                        Map.of("deck", List.of("finance", "travel")))));
        assertThat(outcomes).extracting(Retrieval.Outcome::status).containsOnly(Retrieval.Status.INDEXED);
    }

    @Test
    void aCollectionRecordsItsEmbeddingModelAndIsListed() {
        retrieval.create("notes", "test/other");
        assertThat(retrieval.collections()).extracting(CollectionInfo::name, CollectionInfo::model)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("handbook", HashingEmbedder.MODEL),
                        org.assertj.core.groups.Tuple.tuple("notes", "test/other"));
        assertThat(retrieval.collection("notes").dimensions()).isEqualTo(256);
    }

    @Test
    void creatingAnExistingCollectionIsAConflictAndUnknownOnesAreNotFound() {
        assertThatThrownBy(() -> retrieval.create("handbook", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().status()).isEqualTo(409));
        assertThatThrownBy(() -> retrieval.search("nope", Retrieval.Query.of("x", SearchMode.HYBRID, 5)))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(404);
                    assertThat(e.getMessage()).contains("'nope'");
                });
        assertThatThrownBy(() -> retrieval.drop("nope"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().status()).isEqualTo(404));
        assertThatThrownBy(() -> retrieval.create("Bad Name", null))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().param()).isEqualTo("name"));
    }

    @Test
    void keywordVectorAndHybridSearchFindTheMatchingDocumentFirst() {
        ingestSample();
        assertThat(docIds("how many days of annual leave", SearchMode.KEYWORD).getFirst()).isEqualTo("leave");
        assertThat(docIds("annual leave days", SearchMode.VECTOR).getFirst()).isEqualTo("leave");
        assertThat(docIds("expense receipts", SearchMode.HYBRID).getFirst()).isEqualTo("expenses");
        assertThat(docIds("zebra", SearchMode.KEYWORD)).isEmpty();
    }

    @Test
    void keywordSearchStemsEnglishWords() {
        ingestSample();
        assertThat(docIds("receipt submitting", SearchMode.KEYWORD)).containsExactly("expenses");
    }

    @Test
    void hitsCarryPositionHeadingsTitleAndMetadata() {
        retrieval.ingest("handbook", List.of(doc("hb", "Handbook", "# Leave\n\nTake leave.\n\n# Travel\n\nFly economy.",
                Map.of("deck", List.of("hr")))));
        var hit = retrieval.search("handbook", Retrieval.Query.of("economy", SearchMode.KEYWORD, 3)).getFirst();
        assertThat(hit.chunk().id()).isEqualTo("hb#1");
        assertThat(hit.chunk().headingPath()).containsExactly("Travel");
        assertThat(hit.chunk().text()).isEqualTo("Fly economy.");
        assertThat(hit.title()).isEqualTo("Handbook");
        assertThat(hit.chunk().metadata()).containsEntry("deck", List.of("hr"));
        assertThat(hit.score()).isPositive();
    }

    @Test
    void reingestingUnchangedContentIsSkippedAndChangedContentReplacesEveryOldChunk() {
        String longText = "# A\n\nAlpha words here.\n\n# B\n\nBeta words here.\n\n# C\n\nGamma words here.";
        assertThat(retrieval.ingest("handbook", List.of(doc("d", null, longText, Map.of()))).getFirst().chunks()).isEqualTo(3);
        assertThat(retrieval.ingest("handbook", List.of(doc("d", null, longText, Map.of()))).getFirst().status())
                .isEqualTo(Retrieval.Status.UNCHANGED);
        assertThat(retrieval.count("handbook")).isEqualTo(3);
        retrieval.ingest("handbook", List.of(doc("d", null, "Delta only.", Map.of())));
        assertThat(retrieval.count("handbook")).isEqualTo(1);
        assertThat(docIds("gamma", SearchMode.KEYWORD)).isEmpty();
        assertThat(docIds("delta", SearchMode.KEYWORD)).containsExactly("d");
    }

    @Test
    void documentsAreDeletedById() {
        ingestSample();
        assertThat(retrieval.delete("handbook", "leave")).isTrue();
        assertThat(retrieval.delete("handbook", "leave")).isFalse();
        assertThat(docIds("annual leave", SearchMode.HYBRID)).doesNotContain("leave");
    }

    @Test
    void aDocumentWhoseEmbeddingFailsLeavesNoChunksAndKeepsItsOldVersion() {
        retrieval.ingest("handbook", List.of(doc("d", null, "Original text about wings.", Map.of())));
        assertThatThrownBy(() -> retrieval.ingest("handbook", List.of(
                doc("d", null, "New text with " + POISON + ".", Map.of()),
                doc("e", null, "Another new document.", Map.of()))))
                .hasMessageContaining("embedding failed");
        assertThat(retrieval.count("handbook")).isEqualTo(1);
        assertThat(docIds("wings", SearchMode.KEYWORD)).containsExactly("d");
        assertThat(docIds("another", SearchMode.KEYWORD)).isEmpty();
    }

    @Test
    void invalidDocumentsAreReportedAndTheOthersIndexed() {
        List<Retrieval.Outcome> outcomes = retrieval.ingest("handbook", List.of(
                doc("empty", null, "   ", Map.of()),
                doc("ok", null, "Fine text.", Map.of()),
                doc("badfield", null, "Text.", Map.of("no spaces allowed", List.of("x")))));
        assertThat(outcomes).extracting(Retrieval.Outcome::status)
                .containsExactly(Retrieval.Status.FAILED, Retrieval.Status.INDEXED, Retrieval.Status.FAILED);
        assertThat(outcomes.getFirst().error()).contains("empty");
        assertThat(retrieval.count("handbook")).isEqualTo(1);
    }

    @Test
    void metadataFiltersKeepOnlyMatchingChunksAndUnknownFieldsAreRefused() {
        ingestSample();
        assertThat(search("desk", SearchMode.KEYWORD, Map.of("deck", Set.of("finance")), Filter.Access.EVERYTHING))
                .containsExactly("travel");
        assertThat(search("desk", SearchMode.HYBRID, Map.of("deck", Set.of("finance")), Filter.Access.EVERYTHING))
                .containsExactly("travel", "expenses");
        assertThat(search("days", SearchMode.VECTOR, Map.of("deck", Set.of("it", "travel")), Filter.Access.EVERYTHING))
                .containsExactlyInAnyOrder("security", "travel");
        assertThatThrownBy(() -> search("desk", SearchMode.HYBRID, Map.of("colour", Set.of("red")), Filter.Access.EVERYTHING))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().status()).isEqualTo(400);
                    assertThat(e.error().param()).isEqualTo("filter");
                    assertThat(e.getMessage()).contains("'colour'", "deck");
                });
    }

    @Test
    void callersSeeOnlyChunksTheirTenantAndRolesMayRead() {
        retrieval.ingest("handbook", List.of(
                doc("public", null, "Salary bands are public.", Map.of()),
                doc("acme-all", null, "Acme salary review in March.", Map.of("tenant", List.of("acme"))),
                doc("acme-hr", null, "Acme salary of each employee.", Map.of("tenant", List.of("acme"), "roles", List.of("hr"))),
                doc("globex", null, "Globex salary freeze.", Map.of("tenant", List.of("globex")))));
        Filter.Access acmeStaff = new Filter.Access(false, "acme", Set.of("staff"));
        Filter.Access acmeHr = new Filter.Access(false, "acme", Set.of("hr"));
        Filter.Access noTenant = new Filter.Access(false, null, Set.of());
        for (SearchMode mode : List.of(SearchMode.KEYWORD, SearchMode.VECTOR, SearchMode.HYBRID)) {
            assertThat(search("salary", mode, Map.of(), acmeStaff)).as(mode.wireName())
                    .containsExactlyInAnyOrder("public", "acme-all");
            assertThat(search("salary", mode, Map.of(), acmeHr)).as(mode.wireName())
                    .containsExactlyInAnyOrder("public", "acme-all", "acme-hr");
            assertThat(search("salary", mode, Map.of(), noTenant)).as(mode.wireName()).containsExactly("public");
            assertThat(search("salary", mode, Map.of(), Filter.Access.EVERYTHING)).as(mode.wireName()).hasSize(4);
        }
        assertThat(search("acme-hr", SearchMode.EXACT, Map.of(), acmeStaff)).isEmpty();
    }

    @Test
    void vectorSearchUnderARestrictiveFilterStillFillsTheResult() {
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            docs.add(doc("d" + i, null, "Common words about the policy number " + i + ".",
                    Map.of("deck", List.of(i % 50 == 0 ? "rare" : "common"))));
        }
        retrieval.ingest("handbook", docs);
        assertThat(search("policy", SearchMode.VECTOR, Map.of("deck", Set.of("rare")), Filter.Access.EVERYTHING))
                .containsExactlyInAnyOrder("d0", "d50", "d100", "d150");
    }

    @Test
    void exactLookupFindsADocumentByIdOrTitleIgnoringCaseAndSpacing() {
        retrieval.ingest("handbook", List.of(
                doc("p1", "Refund  Request Reply", "# One\n\nSay sorry.\n\n# Two\n\nOffer a refund.", Map.of()),
                doc("p2", "Refund", "Something else.", Map.of())));
        List<String> texts = retrieval.search("handbook", Retrieval.Query.of("refund request reply", SearchMode.EXACT, 10))
                .stream().map(h -> h.chunk().text()).toList();
        assertThat(texts).containsExactly("Say sorry.", "Offer a refund.");
        assertThat(docIds("p2", SearchMode.EXACT)).containsExactly("p2");
        assertThat(docIds("refund request", SearchMode.EXACT)).isEmpty();
    }

    @Test
    void aQueryForAnotherEmbeddingModelIsRefused() {
        ingestSample();
        assertThatThrownBy(() -> retrieval.search("handbook",
                new Retrieval.Query("leave", SearchMode.VECTOR, 5, Map.of(), Filter.Access.EVERYTHING, "test/other")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.error().param()).isEqualTo("model");
                    assertThat(e.getMessage()).contains(HashingEmbedder.MODEL, "test/other");
                });
    }

    @Test
    void topKOutOfRangeIsRefused() {
        for (int k : new int[] {0, 101}) {
            assertThatThrownBy(() -> retrieval.search("handbook", Retrieval.Query.of("x", SearchMode.HYBRID, k)))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.error().param()).isEqualTo("top_k"));
        }
    }

    @Test
    void erasingASubjectDeletesTheirDocumentsInEveryCollection() {
        retrieval.create("notes", null);
        retrieval.ingest("handbook", List.of(doc("a", null, "Notes on Ann.", Map.of("subject", List.of("ann"))),
                doc("b", null, "Notes on Bob.", Map.of("subject", List.of("bob")))));
        retrieval.ingest("notes", List.of(doc("c", null, "More on Ann.", Map.of("subject", List.of("ann")))));
        assertThat(retrieval.eraseSubject("ann")).isEqualTo(2);
        assertThat(retrieval.eraseSubject("ann")).isZero();
        assertThat(docIds("notes", SearchMode.KEYWORD)).containsExactly("b");
        assertThat(retrieval.count("notes")).isZero();
    }

    @Test
    void whatWasWrittenSurvivesAReopenAndDroppingDeletesIt() {
        ingestSample();
        retrieval.commit();
        Retrieval again = retrieval(track(reopen()));
        assertThat(again.collection("handbook").model()).isEqualTo(HashingEmbedder.MODEL);
        assertThat(again.search("handbook", Retrieval.Query.of("annual leave", SearchMode.HYBRID, 3)).getFirst()
                .chunk().documentId()).isEqualTo("leave");
        again.drop("handbook");
        assertThat(again.collections()).isEmpty();
    }
}
