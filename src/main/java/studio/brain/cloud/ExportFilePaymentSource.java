package studio.brain.cloud;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import studio.brain.cloud.CloudReadException.ErrorKind;

/**
 * Payment records read from the {@code stripe/} folder of an export: {@code stripe/<object>/<id>.json}, each a
 * Stripe API object as the API returns it ({@code id}, {@code object}, {@code created} in Unix seconds, …).
 * {@link #list} answers like Stripe's list endpoints: the objects created in {@code [from, to)}, newest first.
 * Each folder is read once and kept; a malformed file refuses the whole folder with BAD_REQUEST naming the file.
 */
public final class ExportFilePaymentSource implements PaymentSource {
    public static final String KIND = "export-file";

    private static final Comparator<Map<String, Object>> NEWEST_FIRST =
            Comparator.comparingLong((Map<String, Object> o) -> created(o)).reversed()
                    .thenComparing(o -> String.valueOf(o.get("id")), Comparator.reverseOrder());

    private final Path root;
    private final boolean sampleData;
    private final Map<PaymentObject, List<Map<String, Object>>> cache = new ConcurrentHashMap<>();

    public ExportFilePaymentSource(Path exportRoot, boolean sampleData) {
        this.root = Objects.requireNonNull(exportRoot, "exportRoot").toAbsolutePath().normalize()
                .resolve(ExportFileDocumentSource.PAYMENTS_FOLDER);
        this.sampleData = sampleData;
    }

    /** The payment records of an export of real studio data. */
    public static ExportFilePaymentSource of(Path exportRoot) {
        return new ExportFilePaymentSource(exportRoot, false);
    }

    /** The bundled sample studio's payment records, extracted under {@code dataDir} when needed. */
    public static ExportFilePaymentSource sampleStudio(Path dataDir) {
        return new ExportFilePaymentSource(SampleStudio.extract(dataDir), true);
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean sampleData() {
        return sampleData;
    }

    @Override
    public List<Map<String, Object>> list(PaymentObject object, Instant from, Instant to) {
        Objects.requireNonNull(object, "object");
        PaymentWindow window = PaymentWindow.of(from, to);
        List<Map<String, Object>> result = new ArrayList<>();
        for (Map<String, Object> item : cache.computeIfAbsent(object, this::read)) {
            if (window.contains(created(item))) {
                result.add(item);
            }
        }
        return result;
    }

    private List<Map<String, Object>> read(PaymentObject object) {
        List<Map<String, Object>> items = new ArrayList<>();
        for (Path file : ExportJson.jsonFiles(root.resolve(object.pathSegment()))) {
            Map<String, Object> item = ExportJson.readObject(file, false);
            if (!(item.get("id") instanceof String) || !object.objectName().equals(item.get("object"))
                    || !(item.get("created") instanceof Long)) {
                throw new CloudReadException(ErrorKind.BAD_REQUEST, "export file " + file + " is not a Stripe "
                        + object.objectName() + " (it needs id, object \"" + object.objectName()
                        + "\" and created in Unix seconds)");
            }
            items.add(Collections.unmodifiableMap(item));
        }
        items.sort(NEWEST_FIRST);
        return Collections.unmodifiableList(items);
    }

    private static long created(Map<String, Object> item) {
        return ((Number) item.get("created")).longValue();
    }
}
