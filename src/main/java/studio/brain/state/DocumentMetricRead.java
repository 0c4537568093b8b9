package studio.brain.state;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import studio.brain.cloud.DocumentSource;
import studio.brain.cloud.FieldFilter;

/**
 * Reads a document metric with server-side aggregations only (count or sum): no document is ever listed, so the
 * cost stays at one billed read per query and thousand records.
 *
 * <p>A negative condition ({@code notIn}, {@code notStartsWith}) is counted as "every record meeting the other
 * conditions" minus "those that also meet its positive form". A record without the field is thereby counted as
 * not in the list, on Firestore and the export files alike (Firestore's own {@code not-in} would skip it).
 */
final class DocumentMetricRead {

    private DocumentMetricRead() {
    }

    static MetricAnswer read(MetricDefinition metric, DocumentSource docs) {
        List<Condition> positives = new ArrayList<>();
        Condition negative = null;
        for (Condition condition : metric.conditions()) {
            if (condition.negative()) {
                negative = condition;
            } else {
                positives.add(condition);
            }
        }
        List<Map<String, Object>> trace = new ArrayList<>();
        double all = aggregate(metric, docs, positives, trace);
        if (negative == null) {
            return new MetricAnswer(Math.round(all), trace);
        }
        List<Condition> withPositiveForm = new ArrayList<>(positives);
        withPositiveForm.add(negative.positive());
        double excluded = aggregate(metric, docs, withPositiveForm, trace);
        return new MetricAnswer(Math.round(all - excluded), trace);
    }

    /** Every query the metric needs, so that a file asking for too many is refused when it is loaded. */
    static List<List<FieldFilter>> queriesOf(MetricDefinition metric) {
        List<Condition> positives = metric.conditions().stream().filter(c -> !c.negative()).toList();
        List<List<FieldFilter>> queries = new ArrayList<>(DocumentQueryPlan.of(positives));
        metric.conditions().stream().filter(Condition::negative).forEach(negative -> {
            List<Condition> withPositiveForm = new ArrayList<>(positives);
            withPositiveForm.add(negative.positive());
            queries.addAll(DocumentQueryPlan.of(withPositiveForm));
        });
        return queries;
    }

    /** Plans the conditions and adds up the answers of every query. */
    private static double aggregate(MetricDefinition metric, DocumentSource docs, List<Condition> conditions,
                                    List<Map<String, Object>> trace) {
        double total = 0;
        for (List<FieldFilter> filters : DocumentQueryPlan.of(conditions)) {
            double answer = metric.counts()
                    ? docs.count(metric.collection(), filters)
                    : docs.sum(metric.collection(), metric.sumField(), filters);
            total += answer;
            Map<String, Object> query = new LinkedHashMap<>();
            query.put("collection", metric.collection());
            query.put("filters", filters.stream().map(DocumentMetricRead::canonical).toList());
            query.put("aggregate", metric.counts() ? "count" : "sum:" + metric.sumField());
            query.put("answer", metric.counts() ? (Object) Math.round(answer) : (Object) answer);
            trace.add(query);
        }
        return total;
    }

    private static Map<String, Object> canonical(FieldFilter filter) {
        Map<String, Object> form = new LinkedHashMap<>();
        form.put("field", filter.field());
        form.put("op", filter.op().name());
        form.put("values", filter.values());
        return form;
    }
}
