package studio.brain.cloud;

import java.util.List;
import java.util.Optional;

/**
 * Read-only access to the studio's cloud documents, whatever holds them: Firestore itself or an exported copy
 * (the bundled sample studio among them). Filters have Firestore's meaning (see {@link FieldFilter}). Every
 * method throws {@link CloudReadException} when the read fails.
 */
public interface DocumentSource {

    /** {@code "firestore"} or {@code "export-file"}. */
    String kind();

    /** True only for the bundled sample studio, whose figures must be labelled as sample data. */
    boolean sampleData();

    long count(String collection, List<FieldFilter> filters);

    /** The sum of the numeric values of {@code field} over the matching documents; others are ignored. */
    double sum(String collection, String field, List<FieldFilter> filters);

    /** One document by its path, {@code "collection/id"}. */
    Optional<CloudDocument> get(String documentPath);

    /** At most {@code limit} documents of a collection ordered by document id, with only the named fields. */
    List<CloudDocument> list(String collection, List<String> fields, int limit);
}
