package dev.parley.platform;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * Who manages the embedded cluster: the process holding an exclusive lock on
 * {@code <data dir>/cluster.lock}. The operating system drops the lock when that process dies,
 * even by {@code kill -9}, so a cluster found running with the lock free is an orphan.
 */
final class ClusterLock {

    private final FileChannel channel;
    private final FileLock lock;

    private ClusterLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** The lock, or empty when another process (or another user of this data directory in this JVM) holds it. */
    static Optional<ClusterLock> tryAcquire(Path dataDir) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(dataDir.resolve("cluster.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock != null) return Optional.of(new ClusterLock(channel, lock));
        } catch (OverlappingFileLockException | IOException e) {
            // held within this JVM, or not lockable here: behave as a sharer
        }
        closeQuietly(channel);
        return Optional.empty();
    }

    void release() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // closing the channel releases it too
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // nothing useful to do
        }
    }
}
