package com.marketsync.archfixture.writer;

/** Fixture: a repository that is wrongly public. */
public class LatestPriceRepository {

    public int count() {
        return WriterResponses.Row.ONE.size();
    }
}
