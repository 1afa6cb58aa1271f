import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.List;
import java.util.Map.Entry;

import org.h2.mvstore.MVMap;

import de.bwaldvogel.mongo.backend.AbstractUniqueIndex;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;

/**
 * A unique index (every collection's {@code _id} among them) in an MVStore map keyed by
 * IndexKeyCodec's bytes: a lookup compares byte arrays, where the stock H2UniqueIndex serialized
 * both keys of every comparison with Java serialization.
 */
final class BsonKeyUniqueIndex extends AbstractUniqueIndex<Object> {

    private final MVMap<byte[], Object> map;

    BsonKeyUniqueIndex(MVMap<byte[], Object> map, String name, List<IndexKey> keys, boolean sparse) {
        super(name, keys, sparse);
        this.map = map;
    }

    @Override
    protected Object removeDocument(KeyValue key) {
        return map.remove(IndexKeyCodec.encode(key));
    }

    @Override
    protected boolean putKeyPosition(KeyValue key, Object position) {
        return map.putIfAbsent(IndexKeyCodec.encode(key), Missing.ofNullable(position)) == null;
    }

    /** Only a regular-expression query walks the index (AbstractUniqueIndex.getPositions). */
    @Override
    protected Iterable<Entry<KeyValue, Object>> getIterable() {
        return () -> map.entrySet().stream()
            .map(entry -> (Entry<KeyValue, Object>) new SimpleImmutableEntry<>(
                IndexKeyCodec.decode(entry.getKey()), entry.getValue()))
            .iterator();
    }

    @Override
    protected Object getPosition(KeyValue key) {
        return map.get(IndexKeyCodec.encode(key));
    }

    @Override
    public long getCount() {
        return map.sizeAsLong();
    }

    @Override
    public boolean isEmpty() {
        return map.isEmpty();
    }

    @Override
    public long getDataSize() {
        return getCount();
    }
}
