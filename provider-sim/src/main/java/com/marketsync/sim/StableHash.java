package com.marketsync.sim;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Hash of a few strings that is identical on every JVM and run, the seed of all simulated data. */
public final class StableHash {

    private StableHash() {}

    public static long of(Object... parts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Object part : parts) {
                sha.update(String.valueOf(part).getBytes(StandardCharsets.UTF_8));
                // separator so ("ab","c") and ("a","bc") differ
                sha.update((byte) 0);
            }
            return ByteBuffer.wrap(sha.digest()).getLong();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JVM", e);
        }
    }

    /** A value in {@code [0, bound)} derived from the parts. */
    public static int bounded(int bound, Object... parts) {
        return (int) Math.floorMod(of(parts), (long) bound);
    }
}
