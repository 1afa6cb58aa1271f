import java.net.InetSocketAddress;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;

/**
 * Runs mongo-java-server on its persistent H2 (MVStore) backend for tools/infra/mongo-java-server.ts:
 * {@code java MongoJavaServerLauncher <host> <port> <store file> [--commit-every-second]}.
 *
 * <p>The H2 backend never commits by itself: MVStore's background writer commits whatever
 * accumulated about once a second, so a kill -9 loses up to a second of writes the server already
 * acknowledged. Here every command that may write commits the store before its reply is sent.
 * MVStore's commit writes the new chunk to the file (a write() into the OS page cache) and returns;
 * it does not fsync. That is what survives a process kill; surviving a power cut would need an
 * fsync per write as well, which a development database does not pay for.
 * {@code --commit-every-second} keeps MVStore's default, only to measure what durability costs.
 */
public final class MongoJavaServerLauncher {

    public static void main(String[] args) {
        if (args.length < 3) {
            System.err.println("usage: MongoJavaServerLauncher <host> <port> <store file> [--commit-every-second]");
            System.exit(2);
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String storeFile = args[2];
        boolean commitEveryWrite = !(args.length > 3 && args[3].equals("--commit-every-second"));

        // The background writer stays on (its default 1 s delay): besides committing, it compacts
        // the file, rewriting chunks that later commits left mostly empty. The retention time stays
        // at its 45 s too: a chunk's space is reused only that long after it was freed, so under
        // sustained writes the file holds about 45 s of commits (over 500 MB at 600 commits/s, given
        // back as the load ends). A shorter one would keep the file small, but MVStore pins no
        // version for a plain map traversal, so a scan running longer than it could read a chunk
        // that was already overwritten.
        MVStore store = new MVStore.Builder().fileName(storeFile).cacheSize(CACHE_MEGABYTES).open();
        MongoServer server = new MongoServer(new CofferH2Backend(store, commitEveryWrite));
        server.bind(new InetSocketAddress(host, port), 1, WORKER_THREADS);
        // SIGTERM runs this: clients are closed, then the backend closes the store, which commits
        // what is left and syncs the file.
        Runtime.getRuntime().addShutdownHook(new Thread(server::shutdownNow, "coffer-shutdown"));
        System.err.println("mongo-java-server listening on " + host + ":" + port + ", store " + storeFile
            + (commitEveryWrite ? ", committed after every write" : ", committed about once a second"));
    }

    /**
     * MVStore's page cache, in MB: 512 unless {@code -Dcoffer.cacheMegabytes} (set by tools/infra
     * from COFFER_MONGO_CACHE_MB) says otherwise. A page the cache dropped is read from the file and parsed again on
     * its next use; at a million audit entries the store is ~2 GB, and a 64 MB cache made the
     * trail's first page 2–3 times slower than 512 MB (README, Benchmarks).
     */
    private static final int CACHE_MEGABYTES = Integer.getInteger("coffer.cacheMegabytes", 512);

    /**
     * Threads that run commands (Netty's default is two per core). More than the cores: a thread
     * waiting for a commit lets another run its command, whose change the next commit then takes
     * along, so concurrent writers share commits (on 2 cores, 16 in flight: inserts about 1.4 times
     * as fast as with Netty's 4 threads).
     */
    private static final int WORKER_THREADS = 16;

    /**
     * The H2 backend with two changes. Every command that may have written commits the store
     * before its reply (unless {@code commitEveryWrite} is off). And commands that define
     * collections or indexes run alone: mongo-java-server 1.47 checks and creates collections
     * without a lock ({@code create} beside {@code createIndexes} on a new collection fails with
     * "Document with key … already existed") and adds an index to a list that a concurrent insert
     * is iterating (ConcurrentModificationException, "Unknown error: null" to the client).
     */
    static final class CofferH2Backend extends H2Backend {

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
}
