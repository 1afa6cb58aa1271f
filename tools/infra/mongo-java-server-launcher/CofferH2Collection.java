import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.ArrayFilters;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.DocumentWithPosition;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.ValueComparator;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * H2Collection, with updates that never touch a stored document, and less one quadratic step.
 *
 * <p>mongo-java-server updates a document in place: the object it found in the map is changed
 * field by field, then put back. That object is also in the map's page that the next commit
 * serializes, and commits run on other threads (every write command commits before it answers,
 * and MVStore's background writer commits too): a commit that encoded the document while an
 * update was changing it failed with a ConcurrentModificationException, and MVStore closed the
 * store for good ("This store is closed": a fresh-clone CI run lost its database that way). Here the
 * documents an update or findAndModify finds are copies, so the one it puts back is a new object
 * and a stored document is never changed after it was put. Plain reads still get the stored
 * objects, which nothing changes any more.
 *
 * <p>The quadratic step. mongo-java-server finds the documents of
 * {@code {_id: {$in: [...]}}} in its primary key, then runs the whole query again on each one,
 * and the matcher walks the list for every document: k ids cost k² comparisons. The event-sourced
 * services read by {@code _id: {$in}} in batches (the audit's summaries and segments, the relay's
 * commits), and a JFR profile of the events bench put a quarter of the server's CPU there. The
 * primary key answers such a query exactly (it looks each id up by the same normalised value the
 * matcher compares), so its documents are taken as they are.
 */
final class CofferH2Collection extends H2Collection {

    /** Set while this thread runs an update or a findAndModify: what it finds is copied. */
    private static final ThreadLocal<Boolean> UPDATING = ThreadLocal.withInitial(() -> Boolean.FALSE);

    CofferH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                       MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
    }

    @Override
    public Document updateDocuments(Document selector, Document updateQuery, ArrayFilters arrayFilters,
                                    boolean isMulti, boolean isUpsert, Oplog oplog) {
        return whileUpdating(() -> super.updateDocuments(selector, updateQuery, arrayFilters, isMulti, isUpsert, oplog));
    }

    @Override
    public Document findAndModify(Document query) {
        return whileUpdating(() -> super.findAndModify(query));
    }

    private static <T> T whileUpdating(Supplier<T> update) {
        boolean outer = UPDATING.get();
        UPDATING.set(Boolean.TRUE);
        try {
            return update.get();
        } finally {
            UPDATING.set(outer);
        }
    }

    @Override
    protected Document getDocument(Object position) {
        Document stored = super.getDocument(position);
        return stored != null && UPDATING.get() ? stored.cloneDeeply() : stored;
    }

    @Override
    protected QueryResult matchDocuments(Document query, Document orderBy, int numberToSkip, int limit, int batchSize,
                                         Document fieldSelector) {
        if (!UPDATING.get()) {
            return super.matchDocuments(query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        // A scan for an update: the documents that match are copied (matching only reads them).
        Stream<DocumentWithPosition<Object>> stored = streamAllDocumentsWithPosition();
        if (isNaturalDescending(orderBy)) {
            stored = stored.sorted((a, b) -> ValueComparator.desc().compare(a.getPosition(), b.getPosition()));
        }
        Stream<Document> copies = stored.map(DocumentWithPosition::getDocument)
            .filter(document -> documentMatchesQuery(document, query))
            .map(Document::cloneDeeply);
        return matchDocumentsFromStream(copies, query, orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    @Override
    protected QueryResult matchDocuments(Document query, Iterable<Object> positions, Document orderBy,
                                         int numberToSkip, int limit, int batchSize, Document fieldSelector) {
        if (!isIdListLookup(query)) {
            return super.matchDocuments(query, positions, orderBy, numberToSkip, limit, batchSize, fieldSelector);
        }
        // A document removed since the lookup has no position any more.
        Stream<Document> found = StreamSupport.stream(positions.spliterator(), false)
            .map(this::getDocument)
            .filter(Objects::nonNull);
        return matchDocumentsFromStream(found, new Document(), orderBy, numberToSkip, limit, batchSize, fieldSelector);
    }

    /** {@code {_id: {$in: [...]}}} and nothing else, the ids plain values (no regular expression, document or null). */
    private boolean isIdListLookup(Document query) {
        if (query.size() != 1 || !(query.get(getIdField()) instanceof Map<?, ?> condition)) {
            return false;
        }
        if (condition.size() != 1 || !(condition.get("$in") instanceof Collection<?> ids)) {
            return false;
        }
        return ids.stream().allMatch(CofferH2Collection::isPlainId);
    }

    private static boolean isPlainId(Object id) {
        return id instanceof String || id instanceof ObjectId || id instanceof Number || id instanceof UUID
            || id instanceof Instant || id instanceof Boolean;
    }
}
