package com.marketsync.fetcher.core;

/** The two request lanes of a provider: priority (manual, on demand) is served before normal (scheduled). */
public enum Lane {
    PRIORITY,
    NORMAL
}
