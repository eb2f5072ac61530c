package com.marketsync.archfixture.writer;

/** Fixture: provider response records. */
public final class WriterResponses {

    private WriterResponses() {}

    /** Fixture: one mirrored JSON row. */
    public record Row(int size) {
        public static final Row ONE = new Row(1);
    }
}
