import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * Stores a document as its BSON bytes, which begin with their own length. One instance per map:
 * the memory estimate it keeps is that map's.
 */
final class BsonDocumentType extends BasicDataType<Document> {

    /**
     * What a document is taken to occupy on the heap, per byte of its BSON: MVStore sizes its pages
     * and its cache by these estimates. The stock backend estimated twice a document's
     * Java-serialized size: 2 to 4.5 times its BSON, for documents of 10 KB down to 350 bytes;
     * the smaller ones are the many (markers, claims, summaries).
     */
    private static final int HEAP_BYTES_PER_BSON_BYTE = 4;

    /**
     * A running mean, as MVStore keeps for the serialized objects it cannot measure: estimating
     * each document by encoding it would cost what storing it costs.
     */
    private volatile int estimatedMemory = 1_024;

    @Override
    public int getMemory(Document document) {
        return estimatedMemory;
    }

    @Override
    public void write(WriteBuffer out, Document document) {
        ByteBuf bson = Unpooled.buffer(estimatedMemory / HEAP_BYTES_PER_BSON_BYTE + 64);
        try {
            BsonEncoder.encodeDocument(document, bson);
            int size = bson.readableBytes();
            out.put(bson.nioBuffer());
            learnSize(size);
        } finally {
            bson.release();
        }
    }

    @Override
    public Document read(ByteBuffer in) {
        int start = in.position();
        int size = in.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start);
        ByteBuf bson = Unpooled.wrappedBuffer(in.slice(start, size));
        in.position(start + size);
        // Reads teach the estimate too: a map only read since the server started (every map,
        // after a restart) would otherwise size its pages and fill the cache at the first guess.
        learnSize(size);
        return BsonDecoder.decodeBson(bson);
    }

    private void learnSize(int bsonBytes) {
        estimatedMemory = (int) ((HEAP_BYTES_PER_BSON_BYTE * (long) bsonBytes + 15L * estimatedMemory) / 16);
    }

    @Override
    public Document[] createStorage(int size) {
        return new Document[size];
    }
}
