import java.util.ArrayList;
import java.util.List;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.Missing;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A unique index's key, one value per indexed field, as bytes: each value is its BSON type byte
 * and its BSON value. Equal keys give equal bytes, as Java serialization did before: same types,
 * same values, same field order. A field the document lacks (Missing, which BSON cannot express)
 * is the byte 0, a type BSON never uses for a value.
 */
final class IndexKeyCodec {

    private static final byte MISSING = 0;

    private IndexKeyCodec() {
    }

    static byte[] encode(KeyValue key) {
        ByteBuf out = Unpooled.buffer(32);
        try {
            for (Object value : key) {
                if (value instanceof Missing) {
                    out.writeByte(MISSING);
                } else {
                    byte type = BsonEncoder.determineType(value);
                    out.writeByte(type);
                    BsonEncoder.encodeValue(type, value, out);
                }
            }
            byte[] bytes = new byte[out.readableBytes()];
            out.readBytes(bytes);
            return bytes;
        } finally {
            out.release();
        }
    }

    static KeyValue decode(byte[] bytes) {
        ByteBuf in = Unpooled.wrappedBuffer(bytes);
        List<Object> values = new ArrayList<>();
        while (in.isReadable()) {
            byte type = in.readByte();
            values.add(type == MISSING ? Missing.getInstance() : BsonDecoder.decodeValue(type, in));
        }
        return new KeyValue(values);
    }
}
