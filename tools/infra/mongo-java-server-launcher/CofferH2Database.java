import java.util.List;

import org.h2.mvstore.FileStore;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.AbstractSynchronizedMongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.oplog.Oplog;

/**
 * A database of the H2 backend whose maps store documents and unique-index keys as BSON.
 *
 * <p>mongo-java-server's own H2Database opens every map with MVStore's ObjectDataType, which
 * writes a document with Java serialization (a new ObjectOutputStream, class descriptors and all,
 * for each one) and compares two index keys by serializing both. A profile of the events bench
 * put over 40 % of the server's CPU there. BSON is what the server already speaks on the wire.
 *
 * <p>The map names are H2Database's, so H2Backend finds these databases again when it opens a
 * store; the layout of their pages is not, so a store written by the stock backend cannot be read
 * here (StoreFormat keeps the two apart).
 */
final class CofferH2Database extends AbstractSynchronizedMongoDatabase<Object> {

    /** H2Database's prefixes: H2Backend lists the databases of a store by the first. */
    static final String DATA_PREFIX = "databases.";
    private static final String META_PREFIX = "meta.";

    private final MVStore store;

    CofferH2Database(String databaseName, MVStore store, CursorRegistry cursorRegistry) {
        super(databaseName, cursorRegistry);
        this.store = store;
        initializeNamespacesAndIndexes();
    }

    @Override
    protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
        String namespace = getFullCollectionNamespace(collectionName);
        return new CofferH2Collection(this, collectionName, options, dataMap(namespace), metaMap(namespace), cursorRegistry);
    }

    @Override
    protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys, boolean sparse) {
        MVMap<byte[], Object> map = store.openMap(indexMapName(collectionName, indexName),
            new MVMap.Builder<byte[], Object>().keyType(IndexKeyType.INSTANCE));
        return new BsonKeyUniqueIndex(map, indexName, keys, sparse);
    }

    @Override
    protected void dropIndex(MongoCollection<Object> collection, String indexName) {
        super.dropIndex(collection, indexName);
        store.removeMap(indexMapName(collection.getCollectionName(), indexName));
    }

    @Override
    public void drop(Oplog oplog) {
        super.drop(oplog);
        for (String name : List.copyOf(store.getMapNames())) {
            if (name.startsWith(databaseName + ".") || name.startsWith(DATA_PREFIX + databaseName + ".")
                || name.startsWith(META_PREFIX + databaseName + ".")) {
                store.removeMap(name);
            }
        }
    }

    @Override
    public void dropCollection(String collectionName, Oplog oplog) {
        super.dropCollection(collectionName, oplog);
        String namespace = getFullCollectionNamespace(collectionName);
        store.removeMap(DATA_PREFIX + namespace);
        store.removeMap(META_PREFIX + namespace);
    }

    @Override
    public void moveCollection(MongoDatabase oldDatabase, MongoCollection<?> collection, String newCollectionName) {
        // Read before the move, which renames the collection object itself. Its unique-index maps
        // keep their old names, as they do in the stock H2Database.
        String oldNamespace = collection.getFullName();
        super.moveCollection(oldDatabase, collection, newCollectionName);
        String newNamespace = getFullCollectionNamespace(newCollectionName);
        store.renameMap(dataMap(oldNamespace), DATA_PREFIX + newNamespace);
        store.renameMap(metaMap(oldNamespace), META_PREFIX + newNamespace);
    }

    @Override
    protected long getStorageSize() {
        FileStore<?> fileStore = store.getFileStore();
        return fileStore == null ? 0 : fileStore.size();
    }

    @Override
    protected long getFileSize() {
        return getStorageSize();
    }

    private MVMap<Object, Document> dataMap(String namespace) {
        return store.openMap(DATA_PREFIX + namespace,
            new MVMap.Builder<Object, Document>().valueType(new BsonDocumentType()));
    }

    private MVMap<String, Object> metaMap(String namespace) {
        return store.openMap(META_PREFIX + namespace);
    }

    private String indexMapName(String collectionName, String indexName) {
        return getFullCollectionNamespace(collectionName) + "._index_" + indexName;
    }
}
