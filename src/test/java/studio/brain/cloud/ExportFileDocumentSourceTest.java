package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static studio.brain.cloud.FieldFilter.eq;
import static studio.brain.cloud.FieldFilter.gte;
import static studio.brain.cloud.FieldFilter.in;
import static studio.brain.cloud.FieldFilter.lt;
import static studio.brain.cloud.FieldFilter.notIn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import studio.brain.cloud.CloudReadException.ErrorKind;
import studio.brain.cloud.FieldFilter.Op;

class ExportFileDocumentSourceTest {
    @TempDir
    Path root;

    private ExportFileDocumentSource source;

    @BeforeEach
    void writeExport() throws IOException {
        doc("orders", "o1", """
                {"_updateTime": {"timestampValue": "2026-11-01T10:00:00Z"},
                 "status": "paid", "amountCents": 1200, "createdAt": {"timestampValue": "2026-11-01T09:00:00Z"}}""");
        doc("orders", "o2", """
                {"status": "Paid", "amountCents": 800.5, "createdAt": {"timestampValue": "2026-11-02T09:00:00Z"}}""");
        doc("orders", "o3", """
                {"status": "cancelled", "amountCents": 300, "createdAt": {"timestampValue": "2026-11-03T09:00:00Z"}}""");
        doc("orders", "o4", """
                {"amountCents": "500", "createdAt": "2026-11-04T09:00:00Z", "nested": {"kind": "cash"}}""");
        doc("orders", "o5", """
                {"status": null, "amountCents": 100}""");
        source = ExportFileDocumentSource.of(root);
    }

    private void doc(String collection, String id, String json) throws IOException {
        Files.createDirectories(root.resolve(collection));
        Files.writeString(root.resolve(collection).resolve(id + ".json"), json);
    }

    private long count(FieldFilter... filters) {
        return source.count("orders", List.of(filters));
    }

    @Test
    void equalityIsExactAndCaseSensitive() {
        assertThat(count()).isEqualTo(5);
        assertThat(count(eq("status", "paid"))).isEqualTo(1);
        assertThat(count(eq("status", "Paid"))).isEqualTo(1);
        assertThat(count(eq("status", "PAID"))).isZero();
        assertThat(count(eq("amountCents", 1200))).isEqualTo(1);
        assertThat(count(eq("amountCents", 1200.0))).as("numbers compare across Long and Double").isEqualTo(1);
        assertThat(count(eq("amountCents", 500))).as("the string \"500\" is not the number 500").isZero();
        assertThat(count(eq("nested.kind", "cash"))).as("a dotted path reaches into a map").isEqualTo(1);
    }

    @Test
    void notEqualAndNotInExcludeMissingAndNullFields() {
        assertThat(count(new FieldFilter("status", Op.NOT_EQUAL, List.of("paid")))).isEqualTo(2);
        assertThat(count(notIn("status", "paid", "Paid"))).isEqualTo(1);
        assertThat(count(notIn("status", "nothing-matches"))).as("o4 lacks status, o5 holds null").isEqualTo(3);
    }

    @Test
    void inMatchesAnyValue() {
        assertThat(count(in("status", "paid", "cancelled", "missing"))).isEqualTo(2);
        assertThat(count(in("amountCents", 300, 100))).isEqualTo(2);
    }

    @Test
    void rangesCompareOnlyValuesOfTheSameType() {
        assertThat(count(gte("amountCents", 800))).isEqualTo(2);
        assertThat(count(lt("amountCents", 800))).isEqualTo(2);
        assertThat(count(new FieldFilter("amountCents", Op.LESS_OR_EQUAL, List.of(800.5)))).isEqualTo(3);
        assertThat(count(new FieldFilter("amountCents", Op.GREATER_THAN, List.of(800.5)))).isEqualTo(1);
        Instant second = Instant.parse("2026-11-02T09:00:00Z");
        assertThat(count(gte("createdAt", second))).as("o4's createdAt is a plain string").isEqualTo(2);
        assertThat(count(lt("createdAt", second))).isEqualTo(1);
        assertThat(count(gte("createdAt", "2026-11-02"))).as("strings order against strings only").isEqualTo(1);
    }

    @Test
    void filtersAreAndedAndSumsAddNumbersOnly() {
        assertThat(count(gte("amountCents", 300), lt("amountCents", 1000))).isEqualTo(2);
        assertThat(source.sum("orders", "amountCents", List.of())).isEqualTo(1200 + 800.5 + 300 + 100);
        assertThat(source.sum("orders", "amountCents", List.of(in("status", "paid", "Paid")))).isEqualTo(2000.5);
        assertThat(source.sum("nowhere", "amountCents", List.of())).isZero();
    }

    @Test
    void getsOneDocumentWithTypedFields() {
        CloudDocument o1 = source.get("orders/o1").orElseThrow();
        assertThat(o1.path()).isEqualTo("orders/o1");
        assertThat(o1.id()).isEqualTo("o1");
        assertThat(o1.updateTime()).isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
        assertThat(o1.fields()).containsEntry("amountCents", 1200L)
                .containsEntry("createdAt", Instant.parse("2026-11-01T09:00:00Z"))
                .doesNotContainKey(ExportFileDocumentSource.UPDATE_TIME_KEY);
        assertThat(source.get("orders/o2").orElseThrow().updateTime()).isNull();
        assertThat(source.get("orders/none")).isEmpty();
        assertThat(source.get("nothing/none")).isEmpty();
        assertThatThrownBy(() -> source.get("orders")).isInstanceOfSatisfying(CloudReadException.class,
                e -> assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST));
        assertThatThrownBy(() -> source.get("../orders/o1")).isInstanceOf(CloudReadException.class);
    }

    @Test
    void listsByIdWithAProjectionAndALimit() {
        List<CloudDocument> page = source.list("orders", List.of("status", "nested.kind"), 3);
        assertThat(page).extracting(CloudDocument::id).containsExactly("o1", "o2", "o3");
        assertThat(page.get(0).fields()).isEqualTo(Map.of("status", "paid"));
        assertThat(source.list("orders", List.of("nested.kind"), 10).get(3).fields())
                .isEqualTo(Map.of("nested.kind", "cash"));
        assertThat(source.list("orders", null, 10)).hasSize(5);
        assertThat(source.list("nothing", null, 10)).isEmpty();
        assertThatThrownBy(() -> source.list("orders", null, 0)).isInstanceOf(CloudReadException.class);
    }

    @Test
    void aMalformedFileRefusesItsCollectionNamingTheFile() throws IOException {
        doc("broken", "a-good-one", "{\"status\": \"open\"}");
        doc("broken", "bad", "{\"status\": \"open\",");
        ExportFileDocumentSource fresh = ExportFileDocumentSource.of(root);
        for (int attempt = 0; attempt < 2; attempt++) {
            assertThatThrownBy(() -> fresh.count("broken", List.of()))
                    .isInstanceOfSatisfying(CloudReadException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.BAD_REQUEST);
                        assertThat(e.getMessage()).contains("bad.json");
                    });
            assertThatThrownBy(() -> fresh.get("broken/a-good-one")).as("nothing half-loaded")
                    .isInstanceOf(CloudReadException.class);
        }
        doc("broken", "bad", "{\"status\": \"closed\"}");
        assertThat(fresh.count("broken", List.of())).as("a fixed file is read on the next call").isEqualTo(2);

        doc("stamps", "s1", "{\"at\": {\"timestampValue\": \"yesterday\"}}");
        assertThatThrownBy(() -> source.count("stamps", List.of())).isInstanceOfSatisfying(CloudReadException.class,
                e -> assertThat(e.getMessage()).contains("s1.json", "yesterday"));
        doc("dupes", "d1", "{\"a\": 1, \"a\": 2}");
        assertThatThrownBy(() -> source.count("dupes", List.of())).isInstanceOfSatisfying(CloudReadException.class,
                e -> assertThat(e.getMessage()).contains("d1.json"));
        doc("arrays", "x", "[1, 2]");
        assertThatThrownBy(() -> source.count("arrays", List.of())).isInstanceOfSatisfying(CloudReadException.class,
                e -> assertThat(e.getMessage()).contains("x.json", "not hold a JSON object"));
    }

    @Test
    void readsACollectionOnceAndKeepsIt() throws IOException {
        assertThat(count()).isEqualTo(5);
        doc("orders", "o6", "{\"status\": \"paid\"}");
        assertThat(count()).isEqualTo(5);
        source.refresh();
        assertThat(count()).isEqualTo(6);
    }

    @Test
    void filterShapesAreValidated() {
        assertThatThrownBy(() -> eq(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> in("status")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> notIn("status")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> in("n", new Object[31])).isInstanceOf(IllegalArgumentException.class);
        assertThat(in("n", java.util.stream.IntStream.range(0, 30).boxed().toArray()).values()).hasSize(30);
        assertThatThrownBy(() -> notIn("n", 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 10");
        assertThatThrownBy(() -> new FieldFilter("n", Op.EQUAL, List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(eq("n", null).values()).containsExactly((Object) null);
        assertThatThrownBy(() -> FieldFilter.lt("n", null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(eq("n", 5).values()).containsExactly(5L);
        assertThat(source.kind()).isEqualTo("export-file");
        assertThat(source.sampleData()).isFalse();
    }
}
