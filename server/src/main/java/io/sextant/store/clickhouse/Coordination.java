package io.sextant.store.clickhouse;

import io.sextant.store.StoreUnavailableException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
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
 * a lock per chatbot that serialises its ingestion (and its channel writes and erasures) across
 * nodes, the chatbot's {@code seq} counter, an erasure in progress, named locks (the first admin
 * key) and shared secrets created once.
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
     * A chatbot's ingestion state in ZooKeeper: the last {@code seq} number reserved, the number of
     * its events acknowledged ({@code rows}), the number of events of an insert whose outcome is
     * in doubt ({@code pending}: it failed in a way that does not tell whether the part was
     * committed, e.g. the replica died while answering; 0 when none is), and the number of events an
     * erasure submitted but not yet seen applied on every replica removes ({@code erasing}; 0 when
     * none is; {@code rows} still counts them until it is: see {@link #erasure}).
     */
    record SeqState(long reserved, long rows, long pending, long erasing) {
        SeqState(long reserved, long rows, long pending) {
            this(reserved, rows, pending, 0);
        }
    }

    /**
     * The chatbot's state; call it under the chatbot's lock. A state that does not exist yet starts
     * as {@code stored} (the greatest seq and the number of events already stored), so a new
     * ZooKeeper continues the numbering.
     */
    SeqState seq(String chatbotId, Supplier<SeqState> stored) {
        requireConnected();
        String path = seqPath(chatbotId);
        try {
            byte[] data;
            try {
                data = zk.getData().forPath(path);
            } catch (KeeperException.NoNodeException missing) {
                SeqState start = stored.get();
                try {
                    zk.create().creatingParentContainersIfNeeded().forPath(path, bytes(start));
                } catch (KeeperException.NodeExistsException raced) {
                    return seq(chatbotId, stored);
                }
                return start;
            }
            return parse(data);
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw unavailable("reading the seq counter in ZooKeeper failed", e);
        }
    }

    /**
     * Moves the counter from {@code expected} to {@code next}; call it under the chatbot's lock. A
     * counter that changed meanwhile means the lock was lost to another node: nothing is written.
     */
    void setSeq(String chatbotId, SeqState expected, SeqState next) {
        requireConnected();
        String path = seqPath(chatbotId);
        try {
            Stat stat = new Stat();
            SeqState now = parse(zk.getData().storingStatIn(stat).forPath(path));
            if (!now.equals(expected)) {
                throw new StoreUnavailableException("the seq counter of chatbot " + chatbotId
                        + " changed under this node's lock (the lock was lost); nothing was stored", null);
            }
            // the version check fences a node whose lock is lost between the read and the write
            zk.setData().withVersion(stat.getVersion()).forPath(path, bytes(next));
        } catch (StoreUnavailableException e) {
            throw e;
        } catch (Exception e) {
            throw unavailable("writing the seq counter in ZooKeeper failed", e);
        }
    }

    private String seqPath(String chatbotId) {
        return root + "/seq/" + node(chatbotId);
    }

    private static byte[] bytes(SeqState s) {
        String erasing = s.erasing() == 0 ? "" : " " + s.erasing(); // the three fields alone while no erasure runs
        return (s.reserved() + " " + s.rows() + " " + s.pending() + erasing).getBytes(StandardCharsets.US_ASCII);
    }

    private static SeqState parse(byte[] data) {
        String[] p = new String(data, StandardCharsets.US_ASCII).strip().split(" ");
        return new SeqState(Long.parseLong(p[0]), Long.parseLong(p[1]), Long.parseLong(p[2]), p.length > 3 ? Long.parseLong(p[3]) : 0);
    }

    /**
     * The erasure of the chatbot that was submitted, or is about to be, and is not yet seen applied
     * on every replica: what completing it needs ({@code text}, the caller's own format); empty when
     * none was recorded. Call it under the chatbot's lock. It holds the statement that removes the
     * events, so it names what they are (a conversation id): it lives only until the erasure is
     * complete ({@link #clearErasure}).
     */
    java.util.Optional<String> erasure(String chatbotId) {
        requireConnected();
        try {
            return java.util.Optional.of(new String(zk.getData().forPath(erasurePath(chatbotId)), StandardCharsets.UTF_8));
        } catch (KeeperException.NoNodeException missing) {
            return java.util.Optional.empty();
        } catch (Exception e) {
            throw unavailable("reading an erasure in ZooKeeper failed", e);
        }
    }

    /** Records the chatbot's erasure in progress (replacing a leftover); call it under the chatbot's lock. */
    void recordErasure(String chatbotId, String text) {
        requireConnected();
        String path = erasurePath(chatbotId);
        byte[] data = text.getBytes(StandardCharsets.UTF_8);
        try {
            try {
                zk.create().creatingParentContainersIfNeeded().forPath(path, data);
            } catch (KeeperException.NodeExistsException leftover) {
                zk.setData().forPath(path, data);
            }
        } catch (Exception e) {
            throw unavailable("recording an erasure in ZooKeeper failed", e);
        }
    }

    /** Forgets the chatbot's erasure once it is complete; call it under the chatbot's lock. */
    void clearErasure(String chatbotId) {
        requireConnected();
        try {
            zk.delete().forPath(erasurePath(chatbotId));
        } catch (KeeperException.NoNodeException gone) {
            // nothing to forget
        } catch (Exception e) {
            throw unavailable("clearing an erasure in ZooKeeper failed", e);
        }
    }

    private String erasurePath(String chatbotId) {
        return root + "/erasing/" + node(chatbotId);
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

    @Override
    public void close() {
        zk.close();
    }
}
