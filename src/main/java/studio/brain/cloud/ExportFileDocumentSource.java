package studio.brain.cloud;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import studio.brain.cloud.CloudReadException.ErrorKind;

/**
 * Documents read from an export folder: one folder per collection, one {@code <id>.json} file per document (see
 * the sample studio's {@code README.md} for the format). Filters are evaluated in memory with Firestore's
 * semantics. A collection is read the first time it is asked for and then kept; a collection with a malformed file
 * is refused as a whole (BAD_REQUEST naming the file) and is not kept, so a fixed file is read on the next call.
 * The folder {@value #PAYMENTS_FOLDER} holds payment records and is not a collection.
 */
public final class ExportFileDocumentSource implements DocumentSource {
    public static final String KIND = "export-file";
    public static final String PAYMENTS_FOLDER = "stripe";
    /** The optional key of a document file holding its update time, which is not a field. */
    public static final String UPDATE_TIME_KEY = "_updateTime";

    private final Path root;
    private final boolean sampleData;
    private final Map<String, Map<String, CloudDocument>> collections = new ConcurrentHashMap<>();

    public ExportFileDocumentSource(Path root, boolean sampleData) {
        this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
        this.sampleData = sampleData;
    }

    /** An export of real studio data. */
    public static ExportFileDocumentSource of(Path root) {
        return new ExportFileDocumentSource(root, false);
    }

    /** The bundled sample studio, extracted under {@code dataDir} when needed; labelled as sample data. */
    public static ExportFileDocumentSource sampleStudio(Path dataDir) {
        return new ExportFileDocumentSource(SampleStudio.extract(dataDir), true);
    }

    public Path root() {
        return root;
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
    public long count(String collection, List<FieldFilter> filters) {
        return documents(collection).stream().filter(d -> FilterEvaluation.matchesAll(d.fields(), filters)).count();
    }

    @Override
    public double sum(String collection, String field, List<FieldFilter> filters) {
        if (field == null || field.isBlank()) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, "sum needs a field name");
        }
        double total = 0;
        for (CloudDocument document : documents(collection)) {
            if (FilterEvaluation.matchesAll(document.fields(), filters)
                    && FilterEvaluation.lookup(document.fields(), field) instanceof Number n) {
                total += n.doubleValue();
            }
        }
        return total;
    }

    @Override
    public Optional<CloudDocument> get(String documentPath) {
        if (documentPath == null) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, "a document path is needed");
        }
        String[] parts = documentPath.split("/", -1);
        if (parts.length != 2) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST,
                    "a document path is collection/id, not '" + documentPath + "'");
        }
        checkName(parts[1], "document id");
        return Optional.ofNullable(load(parts[0]).get(parts[1]));
    }

    @Override
    public List<CloudDocument> list(String collection, List<String> fields, int limit) {
        if (limit <= 0) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, "list limit must be positive, was " + limit);
        }
        List<CloudDocument> result = new ArrayList<>();
        for (CloudDocument document : documents(collection)) {
            if (result.size() == limit) {
                break;
            }
            result.add(fields == null ? document : project(document, fields));
        }
        return result;
    }

    /** Forgets what was read, so that the next call reads the files again. */
    public void refresh() {
        collections.clear();
    }

    private static CloudDocument project(CloudDocument document, List<String> fields) {
        Map<String, Object> kept = new LinkedHashMap<>();
        for (String field : fields) {
            Object value = FilterEvaluation.lookup(document.fields(), field);
            if (FilterEvaluation.present(value)) {
                kept.put(field, value);
            }
        }
        return new CloudDocument(document.path(), kept, document.updateTime());
    }

    private Collection<CloudDocument> documents(String collection) {
        return load(collection).values();
    }

    private Map<String, CloudDocument> load(String collection) {
        checkName(collection, "collection");
        if (PAYMENTS_FOLDER.equals(collection)) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST,
                    "'" + PAYMENTS_FOLDER + "' holds payment records, not documents");
        }
        Map<String, CloudDocument> cached = collections.get(collection);
        if (cached != null) {
            return cached;
        }
        Map<String, CloudDocument> loaded = read(collection);
        collections.putIfAbsent(collection, loaded);
        return collections.get(collection);
    }

    private Map<String, CloudDocument> read(String collection) {
        Path folder = root.resolve(collection);
        TreeMap<String, CloudDocument> documents = new TreeMap<>();
        for (Path file : ExportJson.jsonFiles(folder)) {
            String name = file.getFileName().toString();
            String id = name.substring(0, name.length() - ".json".length());
            Map<String, Object> fields = ExportJson.readObject(file, true);
            Object updateTime = fields.remove(UPDATE_TIME_KEY);
            if (updateTime != null && !(updateTime instanceof Instant)) {
                throw new CloudReadException(ErrorKind.BAD_REQUEST, "export file " + file + ": "
                        + UPDATE_TIME_KEY + " must be a {\"" + ExportJson.TIMESTAMP_KEY + "\": \"…\"} timestamp");
            }
            documents.put(id, new CloudDocument(collection + "/" + id, fields, (Instant) updateTime));
        }
        return Collections.unmodifiableMap(documents);
    }

    private static void checkName(String name, String what) {
        if (name == null || name.isBlank() || name.contains("/") || name.contains("\\") || name.equals(".")
                || name.equals("..")) {
            throw new CloudReadException(ErrorKind.BAD_REQUEST, "invalid " + what + " name '" + name + "'");
        }
    }
}
