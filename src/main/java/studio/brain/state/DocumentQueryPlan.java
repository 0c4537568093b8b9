package studio.brain.state;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import studio.brain.cloud.FieldFilter;

/**
 * The server-side queries whose answers add up to a document metric of positive conditions ({@code equals},
 * {@code in}, {@code startsWith}) matched in every {@link Spellings spelling}.
 *
 * <p>Each condition becomes a set of disjoint alternatives: the spellings of {@code in}/{@code equals} values as
 * {@code IN} filters of at most 30 values, a {@code startsWith} prefix as one range ({@code >= p} and
 * {@code < p + "\uf8ff"}, the usual Firestore prefix query) per spelling. A query takes one alternative of each
 * condition (the cartesian product); since the alternatives of a condition never match the same value, the
 * answers add up exactly. Firestore caps the disjunctions of one query at 30, so only the condition with the most
 * spellings keeps its {@code IN} form, and the others are taken one spelling per query.
 */
final class DocumentQueryPlan {
    /** Far more than any sensible metric needs; a file that asks for more is refused rather than run. */
    static final int MAX_QUERIES = 64;

    private DocumentQueryPlan() {
    }

    /** The filter lists to count and add up; one empty list when there is no condition (the whole collection). */
    static List<List<FieldFilter>> of(List<Condition> positiveConditions) {
        Condition keptAsIn = positiveConditions.stream()
                .filter(condition -> !condition.type().prefix())
                .max(Comparator.comparingInt(condition -> Spellings.ofAll(condition.values()).size()))
                .orElse(null);
        List<List<FieldFilter>> queries = new ArrayList<>();
        queries.add(List.of());
        for (Condition condition : positiveConditions) {
            List<List<FieldFilter>> alternatives = alternatives(condition, condition == keptAsIn);
            List<List<FieldFilter>> product = new ArrayList<>();
            for (List<FieldFilter> query : queries) {
                for (List<FieldFilter> alternative : alternatives) {
                    List<FieldFilter> combined = new ArrayList<>(query);
                    combined.addAll(alternative);
                    product.add(List.copyOf(combined));
                }
            }
            queries = product;
        }
        return List.copyOf(queries);
    }

    private static List<List<FieldFilter>> alternatives(Condition condition, boolean asIn) {
        List<List<FieldFilter>> alternatives = new ArrayList<>();
        if (condition.type().prefix()) {
            for (String prefix : Spellings.ofPrefix((String) condition.values().get(0))) {
                alternatives.add(List.of(FieldFilter.gte(condition.field(), prefix),
                        FieldFilter.lt(condition.field(), prefix + "\uf8ff")));
            }
            return alternatives;
        }
        List<Object> spellings = Spellings.ofAll(condition.values());
        int chunk = asIn ? FieldFilter.MAX_IN_VALUES : 1;
        for (int from = 0; from < spellings.size(); from += chunk) {
            List<Object> part = spellings.subList(from, Math.min(spellings.size(), from + chunk));
            alternatives.add(List.of(part.size() == 1
                    ? FieldFilter.eq(condition.field(), part.get(0))
                    : new FieldFilter(condition.field(), FieldFilter.Op.IN, part)));
        }
        return alternatives;
    }
}
