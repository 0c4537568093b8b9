package studio.brain.cloud;

import java.util.List;
import java.util.Optional;

/**
 * Read-only access to the studio's cloud documents, whatever holds them: the live Firestore database or an export
 * file. Routes and state computations speak only to this interface, so the source can change without a route
 * changing.
 *
 * <p>Every method may throw {@link CloudReadException}, whose kind says whether to retry, re-authenticate or give up.
 * Semantics are Firestore's: see {@link FieldFilter}.
 */
public interface DocumentSource {

    /** "firestore" or "export-file": shown to people so they know where the numbers came from. */
    String kind();

    /** True only for the bundled sample studio, so every screen can label sample data as such. */
    boolean sampleData();

    /** Number of documents in the collection matching all filters, counted by the source (server-side aggregation). */
    long count(String collection, List<FieldFilter> filters);

    /** Sum of a numeric field over the matching documents (non-numeric or missing values are skipped), server-side. */
    double sum(String collection, String field, List<FieldFilter> filters);

    /** One document by path, "collection/id" or deeper ("studios/s1/kilns/k2"); empty when it does not exist. */
    Optional<CloudDocument> get(String documentPath);

    /** Up to {@code limit} documents of the collection, ordered by document id, with only {@code fields} (projection). */
    List<CloudDocument> list(String collection, List<String> fields, int limit);
}
