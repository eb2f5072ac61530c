package com.marketsync.infra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks, before anything starts, that every port a run needs is free, and names the process that holds a busy one
 * where the system tells (Linux: the LISTEN socket's inode in {@code /proc/net/tcp} and {@code tcp6}, the process
 * whose {@code /proc/<pid>/fd} links to that socket, and its {@code /proc/<pid>/cmdline}).
 */
public final class PortCheck {

    private static final int HEAD = 160;
    private static final int TAIL = 100;

    private PortCheck() {}

    /**
     * A port a component will listen on.
     *
     * @param loopbackOnly the component binds 127.0.0.1 only (otherwise every interface)
     */
    public record Need(String component, int port, boolean loopbackOnly) {}

    /** The process listening on a port; {@code pid} 0 when the socket is visible but not its owner (another user's). */
    public record Holder(long pid, String command) {

        @Override
        public String toString() {
            return pid == 0 ? "a process this user cannot see" : "pid " + pid + ": " + command;
        }
    }

    /** A needed port that is in use, and who holds it if known. */
    public record Busy(Need need, Optional<Holder> holder) {

        /** {@code port 8081 (registry) is in use by pid 4242: java -jar …}. */
        public String describe() {
            return "port " + need.port() + " (" + need.component() + ") is in use"
                    + holder.map(h -> " by " + h).orElse("");
        }
    }

    /** The needed ports that cannot be bound now, each with its holder where it can be found. */
    public static List<Busy> busy(List<Need> needs) {
        List<Busy> busy = new ArrayList<>();
        for (Need need : needs) {
            if (!free(need)) {
                busy.add(new Busy(need, holderOf(need.port())));
            }
        }
        return busy;
    }

    static boolean free(Need need) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(
                    need.loopbackOnly()
                            ? new InetSocketAddress(InetAddress.getLoopbackAddress(), need.port())
                            : new InetSocketAddress(need.port()));
            return true;
        } catch (IOException inUse) {
            return false;
        }
    }

    /** The process listening on {@code port}, if this system shows it. */
    public static Optional<Holder> holderOf(int port) {
        Path proc = Path.of("/proc");
        Set<Long> inodes = new HashSet<>();
        for (String table : List.of("net/tcp", "net/tcp6")) {
            try {
                inodes.addAll(listeningInodes(Files.readAllLines(proc.resolve(table)), port));
            } catch (IOException | RuntimeException notLinux) {
                // no /proc: the holder stays unknown
            }
        }
        if (inodes.isEmpty()) {
            return Optional.empty();
        }
        try (DirectoryStream<Path> processes = Files.newDirectoryStream(proc, "[0-9]*")) {
            for (Path process : processes) {
                if (holdsAny(process, inodes)) {
                    long pid = Long.parseLong(process.getFileName().toString());
                    return Optional.of(new Holder(pid, commandLine(process)));
                }
            }
        } catch (IOException e) {
            // fall through: the socket exists but its owner is not visible
        }
        return Optional.of(new Holder(0, ""));
    }

    /**
     * The inodes of the LISTEN sockets on {@code port} in the lines of {@code /proc/net/tcp} or {@code tcp6}
     * ({@code sl local_address rem_address st … uid timeout inode …}, addresses as hex {@code ADDR:PORT}, LISTEN is
     * state {@code 0A}).
     */
    static Set<Long> listeningInodes(List<String> table, int port) {
        Set<Long> inodes = new HashSet<>();
        for (String line : table) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 10 || !fields[3].equals("0A")) {
                continue;
            }
            int colon = fields[1].lastIndexOf(':');
            if (colon < 0) {
                continue;
            }
            try {
                if (Integer.parseInt(fields[1].substring(colon + 1), 16) == port) {
                    inodes.add(Long.parseLong(fields[9]));
                }
            } catch (NumberFormatException header) {
                // the column header line
            }
        }
        return inodes;
    }

    private static boolean holdsAny(Path process, Set<Long> inodes) {
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(process.resolve("fd"))) {
            for (Path fd : fds) {
                try {
                    String target = Files.readSymbolicLink(fd).toString();
                    if (target.startsWith("socket:[")
                            && inodes.contains(Long.parseLong(target.substring(8, target.length() - 1)))) {
                        return true;
                    }
                } catch (IOException | RuntimeException closedMeanwhile) {
                    // the descriptor went away while we looked
                }
            }
        } catch (IOException | RuntimeException notOurs) {
            // another user's process, or it ended
        }
        return false;
    }

    private static String commandLine(Path process) {
        try {
            return shortened(new String(Files.readAllBytes(process.resolve("cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ')
                    .strip());
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * A long command line cut in the middle: its start names the program (and a JVM's {@code -jar}), its end the
     * main class or jar and the last arguments.
     */
    static String shortened(String command) {
        if (command.length() <= HEAD + TAIL) {
            return command;
        }
        return command.substring(0, HEAD) + " … " + command.substring(command.length() - TAIL);
    }
}
