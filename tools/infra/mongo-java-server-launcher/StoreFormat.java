import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

/**
 * Marks a store as written by CofferH2Database, whose pages the stock H2 backend cannot read, nor
 * it the stock backend's: a store of the other kind fails at start with a sentence instead of
 * garbling documents at the first read.
 */
final class StoreFormat {

    /** A "/" cannot be in a database's name, so dropping a database never takes this map along. */
    private static final String MAP = "coffer/format";
    private static final String KEY = "documents";
    private static final String BSON = "bson-1";

    private StoreFormat() {
    }

    static void claimOrCheck(MVStore store, String fileName) {
        boolean holdsData = store.getMapNames().stream().anyMatch(name -> name.startsWith(CofferH2Database.DATA_PREFIX));
        MVMap<String, String> format = store.openMap(MAP);
        String found = format.get(KEY);
        if (found == null && holdsData) {
            throw new IllegalStateException(fileName + " was written by mongo-java-server's stock H2 backend, which"
                + " stores documents in another format; move it away (or delete it) and start again");
        }
        if (found != null && !found.equals(BSON)) {
            throw new IllegalStateException(fileName + " holds documents in format " + found + ", not " + BSON);
        }
        if (found == null) {
            format.put(KEY, BSON);
            store.commit();
        }
    }
}
