import java.nio.ByteBuffer;
import java.util.Arrays;

import org.h2.mvstore.DataUtils;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.BasicDataType;

/**
 * A unique index's key as the bytes IndexKeyCodec made of it, ordered byte by byte. Lookups are
 * by equality only (AbstractUniqueIndex), so any order that is stable and total will do.
 */
final class IndexKeyType extends BasicDataType<byte[]> {

    static final IndexKeyType INSTANCE = new IndexKeyType();

    /** An array's header and length on a 64-bit heap. */
    private static final int ARRAY_OVERHEAD = 24;

    private IndexKeyType() {
    }

    @Override
    public int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    @Override
    public int getMemory(byte[] key) {
        return ARRAY_OVERHEAD + key.length;
    }

    @Override
    public void write(WriteBuffer out, byte[] key) {
        out.putVarInt(key.length).put(key);
    }

    @Override
    public byte[] read(ByteBuffer in) {
        byte[] key = new byte[DataUtils.readVarInt(in)];
        in.get(key);
        return key;
    }

    @Override
    public byte[][] createStorage(int size) {
        return new byte[size][];
    }
}
