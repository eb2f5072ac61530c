package com.marketsync.sim.stockx;

import org.springframework.context.ApplicationContext;

/**
 * Stands in for StockX's one-time browser login in tests: asks the running sim for a refresh token (or an access
 * token) of the demo client, as the authorization-code flow the sim does not serve would hand out.
 */
public final class StockxLogin {

    private StockxLogin() {}

    /** A refresh token nobody has used yet, the start of a new rotation chain. */
    public static String refreshToken(ApplicationContext context) {
        return context.getBean(StockxTokens.class).issueRefreshToken(clientId(context));
    }

    /** A valid access token, without a call to the token endpoint. */
    public static String accessToken(ApplicationContext context) {
        return context.getBean(StockxTokens.class).issue(clientId(context)).accessToken();
    }

    private static String clientId(ApplicationContext context) {
        return context.getBean(StockxSimProperties.class).clientId();
    }
}
