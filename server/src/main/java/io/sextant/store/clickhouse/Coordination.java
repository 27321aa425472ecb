package io.sextant.store.clickhouse;

import io.sextant.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the API nodes agree on through ZooKeeper (Apache Curator), under {@code /sextant/<database>}:
 * a lock per chatbot that serialises its ingestion (and its channel writes) across nodes, the
 * chatbot's {@code seq} counter, named locks (the first admin key) and shared secrets created once.
 *
 * <p>Every operation fails fast with {@link StoreUnavailableException} (503) while ZooKeeper cannot
 * be reached, instead of waiting for Curator's reconnection: a client retries, and reads, which do
 * not need ZooKeeper, go on.
 */
final class Coordination implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Coordination.class);
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_-]{1,200}");
    /** How long a node waits for another node's hold of a chatbot's lock before answering 503. */
    static final Duration LOCK_WAIT = Duration.ofSeconds(10);

    private final CuratorFramework zk;
    private final String root;
    /** Answers of {@link #generation} while ZooKeeper is away: each one new, far below any version. */
    private volatile long unknownGeneration = Long.MIN_VALUE / 2;

    Coordination(String connect, String database, Duration connectWait) {
        if (connect == null || connect.isBlank()) {
            throw new IllegalStateException("sextant.clickhouse.zookeeper (SEXTANT_CLICKHOUSE_ZOOKEEPER) is empty; with "
                    + "sextant.store=clickhouse it must name the cluster's ZooKeeper (host:port, comma-separated), which "
                    + "serialises the ingestion of each chatbot across API nodes");
        }
        this.root = "/sextant/" + ClickHouseSchema.identifier("sextant.clickhouse.database", database);
        this.zk = CuratorFrameworkFactory.builder()
                .connectString(connect)
                .sessionTimeoutMs(30_000)
                .connectionTimeoutMs(3_000)
                .retryPolicy(new RetryNTimes(1, 200))
                .build();
        zk.start();
        try {
            if (!zk.blockUntilConnected((int) connectWait.toMillis(), TimeUnit.MILLISECONDS)) {
                log.warn("ZooKeeper at {} does not answer yet; ingestion answers 503 until it does", connect);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code work} holding the chatbot's lock (the same on every API node). */
    <T> T underChatbotLock(String chatbotId, Callable<T> work) {
        return underLock("locks/chatbot/" + node(chatbotId), work);
    }

    /** Runs {@code work} holding the lock {@code name} (the same on every API node). */
    <T> T underLock(String name, Callable<T> work) {
        requireConnected();
        InterProcessMutex lock = new InterProcessMutex(zk, root + "/" + name);
        boolean held;
        try {
            held = lock.acquire(LOCK_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw unavailable("taking a ZooKeeper lock failed", e);
        }
        if (!held) {
            throw new StoreUnavailableException("another API node has held the lock " + name + " for " + LOCK_WAIT.toSeconds()
                    + " s; send the request again later", null);
        }
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            try {
                lock.release();
            } catch (Exception e) {
                // the session ended: ZooKeeper removed the lock node with it
                log.warn("Releasing the ZooKeeper lock {} failed: {}", name, e.getMessage());
            }
        }
    }

    /**
     * Takes the lock {@code name} if no node holds it, without waiting; closing the answer releases
     * it (from the thread that took it). A node that dies loses it with its session.
     */
    java.util.Optional<io.sextant.store.ExportJobStore.Claim> tryLock(String name) {
        requireConnected();
        InterProcessMutex lock = new InterProcessMutex(zk, root + "/" + name);
        try {
            if (!lock.acquire(0, TimeUnit.MILLISECONDS)) {
                return java.util.Optional.empty();
            }
        } catch (Exception e) {
            throw unavailable("taking a ZooKeeper lock failed", e);
        }
        return java.util.Optional.of(() -> {
            try {
                lock.release();
            } catch (Exception e) {
                log.warn("Releasing the ZooKeeper lock {} failed: {}", name, e.getMessage());
            }
        });
    }

    /**
     * Reserves {@code n} numbers of the chatbot's {@code seq} counter and returns the first; call it
     * under the chatbot's lock. A counter that does not exist yet starts after {@code storedMax}
     * (the greatest seq already stored, 0 for none), so a new ZooKeeper continues the numbering.
     */
    long reserveSeq(String chatbotId, int n, LongSupplier storedMax) {
        requireConnected();
        String path = root + "/seq/" + node(chatbotId);
        try {
            for (int attempt = 0; ; attempt++) {
                Stat stat = zk.checkExists().forPath(path);
                if (stat == null) {
                    long start = storedMax.getAsLong();
                    try {
                        zk.create().creatingParentContainersIfNeeded().forPath(path, bytes(start + n));
                        return start + 1;
                    } catch (KeeperException.NodeExistsException raced) {
                        continue;
                    }
                }
                Stat read = new Stat();
                long last = Long.parseLong(new String(zk.getData().storingStatIn(read).forPath(path), StandardCharsets.US_ASCII));
                try {
                    // the version check fences a node whose lock was lost to another one meanwhile
                    zk.setData().withVersion(read.getVersion()).forPath(path, bytes(last + n));
                    return last + 1;
                } catch (KeeperException.BadVersionException e) {
                    if (attempt > 0) {
                        throw new StoreUnavailableException("the seq counter of chatbot " + chatbotId
                                + " changed under this node's lock (the lock was lost); nothing was stored", e);
                    }
                }
            }
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw unavailable("reserving seq numbers in ZooKeeper failed", e);
        }
    }

    /** The shared secret {@code name}: created once by whichever node asks first (atomically), then read. */
    byte[] sharedSecret(String name, Supplier<byte[]> create) {
        requireConnected();
        String path = root + "/secrets/" + name;
        try {
            try {
                zk.create().creatingParentContainersIfNeeded().forPath(path, HexFormat.of().formatHex(create.get())
                        .getBytes(StandardCharsets.US_ASCII));
            } catch (KeeperException.NodeExistsException exists) {
                // another node (or an earlier start) created it: use that one
            }
            return HexFormat.of().parseHex(new String(zk.getData().forPath(path), StandardCharsets.US_ASCII).strip());
        } catch (Exception e) {
            throw unavailable("reading the shared secret " + name + " from ZooKeeper failed", e);
        }
    }

    /**
     * The version of the counter znode {@code name} (−1 while it does not exist): it changes with
     * every {@link #bump}. One ZooKeeper read; while ZooKeeper cannot be reached, a value that differs
     * from every earlier answer (the caller reads again what the counter guards).
     */
    long generation(String name) {
        if (!connected()) {
            return unknownGeneration--;
        }
        try {
            Stat stat = zk.checkExists().forPath(root + "/generation/" + name);
            return stat == null ? -1 : stat.getVersion();
        } catch (Exception e) {
            return unknownGeneration--;
        }
    }

    /** Changes the version of the counter znode {@code name}, so that every node's next {@link #generation} differs. */
    void bump(String name) {
        requireConnected();
        String path = root + "/generation/" + name;
        try {
            try {
                zk.setData().forPath(path, new byte[0]);
            } catch (KeeperException.NoNodeException missing) {
                try {
                    zk.create().creatingParentContainersIfNeeded().forPath(path, new byte[0]);
                } catch (KeeperException.NodeExistsException raced) {
                    zk.setData().forPath(path, new byte[0]);
                }
            }
        } catch (Exception e) {
            throw unavailable("telling the other API nodes about the change through ZooKeeper failed", e);
        }
    }

    boolean connected() {
        return zk.getZookeeperClient().isConnected();
    }

    private void requireConnected() {
        if (!connected()) {
            throw new StoreUnavailableException("ZooKeeper is unreachable (it serialises ingestion across API nodes); "
                    + "nothing was stored; send the request again later", null);
        }
    }

    private static StoreUnavailableException unavailable(String what, Exception e) {
        return new StoreUnavailableException(what + " (ZooKeeper: " + e + "); nothing was stored; send the request again later", e);
    }

    /** A chatbot id as one znode name: itself when plain, else the hex of its UTF-8 bytes. */
    static String node(String chatbotId) {
        return PLAIN.matcher(chatbotId).matches() ? "c-" + chatbotId
                : "x-" + HexFormat.of().formatHex(chatbotId.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] bytes(long v) {
        return Long.toString(v).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        zk.close();
    }
}
