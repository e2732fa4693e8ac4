package org.expensetracker.local;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * The ports of the stand-ins, kept in the data directory ({@value #FILE}): a restart binds the same
 * ports again, so presigned URLs and queue URLs handed out before it keep working until they expire.
 * The first start picks free ports; a remembered port that is taken by now is replaced by a free one.
 */
final class LocalPorts {
    static final String FILE = "ports.properties";

    private final Path file;
    private final Properties ports = new Properties();

    private LocalPorts(Path file) {
        this.file = file;
    }

    static LocalPorts in(Path dataDir) {
        LocalPorts local = new LocalPorts(dataDir.resolve(FILE));
        if (Files.exists(local.file)) {
            try (Reader in = Files.newBufferedReader(local.file, StandardCharsets.UTF_8)) {
                local.ports.load(in);
            } catch (IOException | IllegalArgumentException e) {
                local.ports.clear(); // unreadable: pick new ones, as on a first start
            }
        }
        return local;
    }

    /** The remembered port of {@code service} when it is free now, else 0 (the stand-in then picks one). */
    int preferred(String service) {
        String stored = ports.getProperty(service);
        if (stored == null) {
            return 0;
        }
        try {
            int port = Integer.parseInt(stored.strip());
            return port > 0 && port <= 65_535 && isFree(port) ? port : 0;
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Records the port {@code service} is bound to now. */
    void remember(String service, int port) {
        ports.setProperty(service, Integer.toString(port));
    }

    void save() {
        Path temp = file.resolveSibling(FILE + ".tmp");
        try {
            try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                ports.store(out, "ports of the local stand-ins, reused at the next start");
            }
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
