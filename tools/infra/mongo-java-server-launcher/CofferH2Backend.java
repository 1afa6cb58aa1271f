import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * The H2 backend with three changes. Its databases store documents and index keys as BSON
 * (CofferH2Database). Every command that may have written commits the store before its reply
 * (unless {@code commitEveryWrite} is off). And commands that define collections or indexes run
 * alone: mongo-java-server 1.47 checks and creates collections
 * without a lock ({@code create} beside {@code createIndexes} on a new collection fails with
 * "Document with key … already existed") and adds an index to a list that a concurrent insert
 * is iterating (ConcurrentModificationException, "Unknown error: null" to the client).
 */
final class CofferH2Backend extends H2Backend {

    /** Commands that never change data; every other command commits, so a new one is safe by default. */
    private static final Set<String> READ_ONLY_COMMANDS = Set.of(
        "find", "getmore", "killcursors", "count", "distinct", "listcollections", "listindexes",
        "listdatabases", "ping", "ismaster", "hello", "buildinfo", "serverstatus", "dbstats",
        "collstats", "whatsmyuri", "getlasterror", "reseterror", "connectionstatus", "hostinfo",
        "getcmdlineopts", "getfreemonitoringstatus", "endsessions", "replsetgetstatus", "getlog",
        "validate", "getparameter", "saslstart", "saslcontinue", "explain");

    /** Commands that change which collections and indexes exist. */
    private static final Set<String> DEFINITION_COMMANDS = Set.of(
        "create", "createindexes", "drop", "dropindexes", "dropdatabase", "renamecollection");

    private final boolean commitEveryWrite;
    private final ReentrantReadWriteLock definitions = new ReentrantReadWriteLock();

    CofferH2Backend(MVStore store, boolean commitEveryWrite) {
        super(store);
        this.commitEveryWrite = commitEveryWrite;
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new CofferH2Database(databaseName, getMvStore(), getCursorRegistry());
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        Lock lock = DEFINITION_COMMANDS.contains(name) ? definitions.writeLock() : definitions.readLock();
        lock.lock();
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            lock.unlock();
            // Also after a failure: an ordered insert that stops at a duplicate key has already
            // stored, and acknowledged, the documents before it.
            if (commitEveryWrite && mayWrite(name, query)) {
                commit();
            }
        }
    }

    private static boolean mayWrite(String name, Document query) {
        if (name.equals("aggregate")) {
            return writesOutput(query.get("pipeline"));
        }
        return !READ_ONLY_COMMANDS.contains(name);
    }

    /** Only an aggregation ending in $out or $merge writes. */
    private static boolean writesOutput(Object pipeline) {
        if (!(pipeline instanceof Collection)) {
            return true;
        }
        for (Object stage : (Collection<?>) pipeline) {
            if (stage instanceof Document
                && (((Document) stage).containsKey("$out") || ((Document) stage).containsKey("$merge"))) {
                return true;
            }
        }
        return false;
    }
}
