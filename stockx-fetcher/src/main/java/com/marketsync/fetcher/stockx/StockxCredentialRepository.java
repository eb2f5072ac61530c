package com.marketsync.fetcher.stockx;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The OAuth state of each StockX account in table {@code stockx_credentials}: the refresh token to spend next and
 * the access token replicas share, read freely and changed only under the row's lock.
 */
@Repository
class StockxCredentialRepository {

    private static final String COLUMNS =
            "account_id, refresh_token, seed_sha256, access_token, access_token_expires_at,"
                    + " access_token_renew_at, rejected_at, rejection";

    private final JdbcClient jdbc;

    // Built on the DataSource rather than the JdbcClient bean, which Spring Boot orders after every schema
    // migration: the fetch loop's migration needs this fetcher's beans and must run before this module's (see
    // StockxMigrations), so this class must not wait for migrations itself. It is used only once requests flow.
    StockxCredentialRepository(DataSource dataSource) {
        this.jdbc = JdbcClient.create(dataSource);
    }

    /** The stored state of an account without locking it, e.g. to pick up an access token another replica stored. */
    Optional<StoredCredential> find(String accountId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM stockx_credentials WHERE account_id = :account")
                .param("account", accountId)
                .query(StockxCredentialRepository::row)
                .optional();
    }

    /**
     * Locks the account's row until the surrounding transaction ends, creating it from the configured refresh token
     * first if no replica has yet; must run inside a transaction.
     */
    StoredCredential lock(String accountId, String configuredRefreshToken, String configuredSeed) {
        jdbc.sql(
                        "INSERT INTO stockx_credentials (account_id, refresh_token, seed_sha256) VALUES (:account, :token, :seed)"
                                + " ON CONFLICT (account_id) DO NOTHING")
                .param("account", accountId)
                .param("token", configuredRefreshToken)
                .param("seed", configuredSeed)
                .update();
        return jdbc.sql("SELECT " + COLUMNS + " FROM stockx_credentials WHERE account_id = :account FOR UPDATE")
                .param("account", accountId)
                .query(StockxCredentialRepository::row)
                .single();
    }

    /** Replaces a rejected refresh token with a newly configured one and forgets the access token. */
    void reseed(String accountId, String configuredRefreshToken, String configuredSeed) {
        jdbc.sql("UPDATE stockx_credentials SET refresh_token = :token, seed_sha256 = :seed, access_token = NULL,"
                        + " access_token_expires_at = NULL, access_token_renew_at = NULL, rejected_at = NULL,"
                        + " rejection = NULL WHERE account_id = :account")
                .param("account", accountId)
                .param("token", configuredRefreshToken)
                .param("seed", configuredSeed)
                .update();
    }

    /** Stores the outcome of a successful refresh: the (possibly rotated) refresh token and the new access token. */
    void refreshed(
            String accountId,
            String refreshToken,
            String accessToken,
            Instant expiresAt,
            Instant renewAt,
            Instant refreshedAt) {
        jdbc.sql(
                        "UPDATE stockx_credentials SET refresh_token = :refresh, access_token = :access,"
                                + " access_token_expires_at = :expires, access_token_renew_at = :renew,"
                                + " refreshed_at = :refreshed, rejected_at = NULL, rejection = NULL WHERE account_id = :account")
                .param("account", accountId)
                .param("refresh", refreshToken)
                .param("access", accessToken)
                .param("expires", utc(expiresAt))
                .param("renew", utc(renewAt))
                .param("refreshed", utc(refreshedAt))
                .update();
    }

    /** Records that the token endpoint refused the stored refresh token, so no replica spends it again. */
    void rejected(String accountId, String rejection, Instant at) {
        jdbc.sql("UPDATE stockx_credentials SET access_token = NULL, access_token_expires_at = NULL,"
                        + " access_token_renew_at = NULL, rejected_at = :at, rejection = :rejection"
                        + " WHERE account_id = :account")
                .param("account", accountId)
                .param("rejection", rejection)
                .param("at", utc(at))
                .update();
    }

    private static StoredCredential row(ResultSet rs, int rowNum) throws SQLException {
        return new StoredCredential(
                rs.getString("account_id"),
                rs.getString("refresh_token"),
                rs.getString("seed_sha256"),
                rs.getString("access_token"),
                instant(rs, "access_token_expires_at"),
                instant(rs, "access_token_renew_at"),
                instant(rs, "rejected_at"),
                rs.getString("rejection"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** One account's row. */
    record StoredCredential(
            String accountId,
            String refreshToken,
            String seedSha256,
            String accessToken,
            Instant accessTokenExpiresAt,
            Instant accessTokenRenewAt,
            Instant rejectedAt,
            String rejection) {

        /** The stored access token if replicas may still use it at {@code now}. */
        Optional<String> usableAccessToken(Instant now) {
            return accessToken != null && accessTokenRenewAt != null && now.isBefore(accessTokenRenewAt)
                    ? Optional.of(accessToken)
                    : Optional.empty();
        }

        @Override
        public String toString() {
            return "StoredCredential[account=" + accountId + ", renewAt=" + accessTokenRenewAt + ", rejectedAt="
                    + rejectedAt + "]";
        }
    }
}
