package com.marketsync.planner.sync;

import com.marketsync.events.Provider;
import com.marketsync.planner.catalog.Sku;
import com.marketsync.planner.schedule.ManualRequests;
import com.marketsync.planner.schedule.SyncRequestPublisher;
import com.marketsync.planner.web.ApiException;
import com.marketsync.planner.web.ApiKeys;
import com.marketsync.providers.ProvidersProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Manual requests: {@code POST /api/sync} asks for a product now on the providers' priority lanes (the only way a
 * FROZEN product is synced), {@code GET /api/sync/{requestId}} tells how it went.
 */
@RestController
class SyncController {

    private final ManualRequests manual;
    private final ProvidersProperties providers;

    SyncController(ManualRequests manual, ProvidersProperties providers) {
        this.manual = manual;
        this.providers = providers;
    }

    /**
     * A manual sync.
     *
     * @param sku the product's style code
     * @param providers providers to ask (STOCKX, ALIAS, EBAY); empty = all
     * @param regions regions to ask in; empty = each provider's configured regions
     */
    record SyncCommand(String sku, List<String> providers, List<String> regions) {}

    /** One request the sync was answered with. */
    record IssuedRequest(String requestId, Provider provider, String region) {}

    /** The answer to a manual sync. */
    record SyncAccepted(List<IssuedRequest> requests) {}

    @PostMapping("/api/sync")
    @ResponseStatus(HttpStatus.ACCEPTED)
    SyncAccepted sync(@RequestBody SyncCommand command, HttpServletRequest http) {
        if (command == null) {
            throw ApiException.badRequest("sku", "a JSON body with sku is required");
        }
        String sku = Sku.require("sku", command.sku());
        List<Provider> asked = providers(command.providers());
        List<String> regions = regions(command.regions(), asked);
        if (!manual.knows(sku)) {
            throw ApiException.notFound("no product with sku " + sku + " in the catalog");
        }
        Object keyName = http.getAttribute(ApiKeys.KEY_NAME_ATTRIBUTE);
        String requestedBy = "api:" + (keyName == null ? "anonymous" : keyName);
        List<IssuedRequest> issued = new ArrayList<>();
        try {
            for (Provider provider : asked) {
                for (String region : providers.of(provider).regions()) {
                    if (regions == null || regions.contains(region)) {
                        ManualRequests.Issued one = manual.request(sku, provider, region, requestedBy);
                        issued.add(new IssuedRequest(one.requestId(), one.provider(), one.region()));
                    }
                }
            }
        } catch (SyncRequestPublisher.PublishFailedException e) {
            throw ApiException.unavailable("Kafka did not accept the request; try again (" + issued.size()
                    + " of the product's requests were issued before: " + issued + ")");
        }
        return new SyncAccepted(issued);
    }

    @GetMapping("/api/sync/{requestId}")
    ManualRequests.Status status(@PathVariable String requestId) {
        if (requestId.length() > 64) {
            throw ApiException.badRequest("requestId", "is at most 64 characters");
        }
        return manual.find(requestId)
                .orElseThrow(() -> ApiException.notFound("no manual request with id " + requestId));
    }

    private List<Provider> providers(List<String> names) {
        if (names == null || names.isEmpty()) {
            return List.of(Provider.values());
        }
        List<Provider> asked = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            Provider provider = parse(name);
            if (provider == null) {
                throw ApiException.badRequest(
                        "providers[" + i + "]", "'" + name + "' is not a provider; use STOCKX, ALIAS or EBAY");
            }
            if (!asked.contains(provider)) {
                asked.add(provider);
            }
        }
        return asked;
    }

    /** The regions asked for, each configured for at least one of the providers; null means all configured. */
    private List<String> regions(List<String> names, List<Provider> asked) {
        if (names == null || names.isEmpty()) {
            return null;
        }
        for (int i = 0; i < names.size(); i++) {
            String region = names.get(i);
            boolean configured =
                    asked.stream().anyMatch(p -> providers.of(p).regions().contains(region));
            if (!configured) {
                throw ApiException.badRequest(
                        "regions[" + i + "]",
                        "'" + region + "' is not a configured region of " + asked
                                + " (market.providers.<provider>.regions)");
            }
        }
        return names;
    }

    private static Provider parse(String name) {
        if (name == null) {
            return null;
        }
        for (Provider provider : Provider.values()) {
            if (provider.name().equals(name)) {
                return provider;
            }
        }
        return null;
    }
}
