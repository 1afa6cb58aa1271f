import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.bson.ObjectId;

/**
 * H2Collection, less one quadratic step. mongo-java-server finds the documents of
 * {@code {_id: {$in: [...]}}} in its primary key, then runs the whole query again on each one,
 * and the matcher walks the list for every document: k ids cost k² comparisons. The event-sourced
 * services read by {@code _id: {$in}} in batches (the audit's summaries and segments, the relay's
 * commits), and a JFR profile of the events bench put a quarter of the server's CPU there. The
 * primary key answers such a query exactly (it looks each id up by the same normalised value the
 * matcher compares), so its documents are taken as they are.
 */
final class CofferH2Collection extends H2Collection {

    CofferH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                       MVMap<Object, Document> dataMap, MVMap<String, Object> metaMap, CursorRegistry cursorRegistry) {
        super(database, collectionName, options, dataMap, metaMap, cursorRegistry);
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
