package studio.brain.cloud;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.apache.camel.Header;

/**
 * The read operations the cloud Kamelets offer integrators ({@code firestore-read-action},
 * {@code stripe-read-action}, {@code export-file-read-action}), over the hub's configured sources: Firestore (or the export files of the sample
 * studio) and Stripe (or the sample's payment records). Every answer says which source answered and whether it is
 * sample data. Read-only by construction: there is no write method to call.
 */
public final class CloudReads {
    private final CloudSources sources;
    private final Map<Path, ExportFileDocumentSource> exports = new java.util.concurrent.ConcurrentHashMap<>();

    public CloudReads(CloudSources sources) {
        this.sources = sources;
    }

    /** Count or sum over a collection, or get one document, or list a few, as the Kamelet's properties say. */
    public Map<String, Object> documents(@Header("cloudReadOperation") String operation, @Header("cloudReadCollection") String collection,
                                         @Header("cloudReadField") String field, @Header("cloudReadOperator") String operator,
                                         @Header("cloudReadValues") String values, @Header("cloudReadSumField") String sumField,
                                         @Header("cloudReadPath") String path, @Header("cloudReadFields") String fields,
                                         @Header("cloudReadLimit") Integer limit) {
        return read(sources.documents(), operation, collection, field, operator, values, sumField, path, fields, limit);
    }

    /**
     * The same reads over an export folder named by the route (one folder per collection, one JSON file per
     * document; the sample studio's README describes the format), for integrators who hold such an export.
     */
    public Map<String, Object> exportFile(@Header("cloudReadDir") String dir,
                                          @Header("cloudReadOperation") String operation,
                                          @Header("cloudReadCollection") String collection,
                                          @Header("cloudReadField") String field,
                                          @Header("cloudReadOperator") String operator,
                                          @Header("cloudReadValues") String values,
                                          @Header("cloudReadSumField") String sumField,
                                          @Header("cloudReadPath") String path,
                                          @Header("cloudReadFields") String fields,
                                          @Header("cloudReadLimit") Integer limit) {
        Path root = Path.of(required(dir, "dir")).toAbsolutePath().normalize();
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("the export folder " + root + " does not exist");
        }
        ExportFileDocumentSource export = exports.computeIfAbsent(root, ExportFileDocumentSource::of);
        return read(export, operation, collection, field, operator, values, sumField, path, fields, limit);
    }

    private Map<String, Object> read(DocumentSource documents, String operation, String collection, String field,
                                     String operator, String values, String sumField, String path, String fields,
                                     Integer limit) {
        Map<String, Object> answer = answer(documents.kind(), documents.sampleData());
        List<FieldFilter> filters = field == null || field.isBlank() ? List.of()
                : List.of(new FieldFilter(field, op(operator), parse(values)));
        switch (required(operation, "operation").toLowerCase(Locale.ROOT)) {
            case "count" -> answer.put("count", documents.count(required(collection, "collection"), filters));
            case "sum" -> answer.put("sum", documents.sum(required(collection, "collection"),
                    required(sumField, "sumField"), filters));
            case "get" -> answer.put("document", documents.get(required(path, "path")).map(CloudReads::document)
                    .orElse(null));
            case "list" -> answer.put("documents", documents.list(required(collection, "collection"),
                    fields == null || fields.isBlank() ? null : split(fields), limit == null ? 20 : limit)
                    .stream().map(CloudReads::document).toList());
            default -> throw new IllegalArgumentException("operation must be count, sum, get or list, not '"
                    + operation + "'");
        }
        return answer;
    }

    /** Payment records of one kind created in a window: {@code window} back from now, or {@code from}/{@code to}. */
    public Map<String, Object> payments(@Header("cloudReadObject") String object, @Header("cloudReadWindow") String window,
                                        @Header("cloudReadFrom") String from, @Header("cloudReadTo") String to) {
        PaymentSource payments = sources.payments().orElseThrow(() -> new CloudReadException(
                CloudReadException.ErrorKind.AUTH, "no Stripe key is configured (STUDIO_BRAIN_STRIPE_API_KEY)"));
        PaymentObject kind = paymentObject(required(object, "object"));
        Instant end = to == null || to.isBlank() ? Instant.now() : instant(to, "to");
        Instant start = from == null || from.isBlank()
                ? end.minus(duration(window == null || window.isBlank() ? "P1D" : window)) : instant(from, "from");
        List<Map<String, Object>> records = payments.list(kind, start, end);
        Map<String, Object> answer = answer(payments.kind(), payments.sampleData());
        answer.put("object", object);
        answer.put("from", start.toString());
        answer.put("to", end.toString());
        answer.put("count", records.size());
        answer.put("records", records);
        return answer;
    }

    private static Map<String, Object> answer(String source, boolean sample) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("source", source);
        answer.put("sampleData", sample);
        answer.put("derivedFrom", "cloud");
        return answer;
    }

    private static Map<String, Object> document(CloudDocument d) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("path", d.path());
        map.put("updateTime", d.updateTime() == null ? null : d.updateTime().toString());
        Map<String, Object> fields = new LinkedHashMap<>();
        d.fields().forEach((k, v) -> fields.put(k, v instanceof Instant i ? i.toString() : v));
        map.put("fields", fields);
        return map;
    }

    private static FieldFilter.Op op(String operator) {
        String name = Optional.ofNullable(operator).orElse("equal").trim().toUpperCase(Locale.ROOT).replace('-', '_');
        try {
            return FieldFilter.Op.valueOf(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("operator must be one of " + Arrays.toString(FieldFilter.Op.values())
                    + " (lower case and dashes accepted), not '" + operator + "'");
        }
    }

    /** Comma-separated values; whole numbers and true/false are read as such, everything else as text. */
    private static List<Object> parse(String values) {
        List<Object> parsed = new ArrayList<>();
        for (String value : split(required(values, "values"))) {
            if (value.matches("-?\\d{1,18}")) {
                parsed.add(Long.parseLong(value));
            } else if (value.equals("true") || value.equals("false")) {
                parsed.add(Boolean.parseBoolean(value));
            } else {
                parsed.add(value);
            }
        }
        return parsed;
    }

    private static List<String> split(String text) {
        return Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private static PaymentObject paymentObject(String object) {
        try {
            return PaymentObject.valueOf(object.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("object must be one of payment_intents, charges, refunds, payouts, "
                    + "balance_transactions, not '" + object + "'");
        }
    }

    private static Instant instant(String text, String name) {
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant such as 2026-11-30T00:00:00Z");
        }
    }

    private static Duration duration(String text) {
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("window must be an ISO-8601 duration such as P7D or PT12H");
        }
    }

    private static String required(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("the property '" + name + "' is required");
        }
        return value.trim();
    }
}
