package com.marketsync.infra;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/** The short wait between two readiness probes of a starting process. */
final class Pause {

    private Pause() {}

    static void briefly() {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(250));
    }
}
