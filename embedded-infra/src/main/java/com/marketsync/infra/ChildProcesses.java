package com.marketsync.infra;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Stops a child process and its descendants: politely first, forcibly after a grace period. */
public final class ChildProcesses {

    private ChildProcesses() {}

    public static void stop(Process process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
