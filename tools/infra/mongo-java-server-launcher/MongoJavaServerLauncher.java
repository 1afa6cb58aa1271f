import java.net.InetSocketAddress;

import org.h2.mvstore.MVStore;

import de.bwaldvogel.mongo.MongoServer;

/**
 * Runs mongo-java-server on its persistent H2 (MVStore) backend, storing documents as BSON
 * (CofferH2Backend, CofferH2Database), for tools/infra/mongo-java-server.ts:
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
        try {
            StoreFormat.claimOrCheck(store, storeFile);
        } catch (IllegalStateException wrongFormat) {
            store.closeImmediately();
            System.err.println(wrongFormat.getMessage());
            System.exit(1);
        }
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
}
