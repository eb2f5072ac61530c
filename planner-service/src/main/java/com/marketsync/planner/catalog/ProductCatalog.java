package com.marketsync.planner.catalog;

import com.marketsync.events.Provider;
import com.marketsync.events.Tier;
import com.marketsync.planner.PlannerProperties;
import com.marketsync.planner.catalog.ProductRepository.StoredMapping;
import com.marketsync.planner.catalog.ProductRepository.StoredProduct;
import com.marketsync.planner.catalog.ProductRepository.StoredSchedule;
import com.marketsync.planner.schedule.ScheduleRows;
import com.marketsync.planner.web.ApiException;
import com.marketsync.providers.ProvidersProperties;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The catalog's use cases on single products: add, show, list, edit, change tier, delete and bring back a provider
 * that archived a product. Every change keeps the product's schedule rows in step in the same transaction.
 */
@Service
class ProductCatalog {

    private static final String UNRESOLVED = "UNRESOLVED";

    private final ProductRepository products;
    private final ScheduleRows scheduleRows;
    private final PlannerProperties properties;
    private final ProvidersProperties providers;
    private final Clock clock;

    ProductCatalog(
            ProductRepository products,
            ScheduleRows scheduleRows,
            PlannerProperties properties,
            ProvidersProperties providers,
            Clock clock) {
        this.products = products;
        this.scheduleRows = scheduleRows;
        this.properties = properties;
        this.providers = providers;
        this.clock = clock;
    }

    /** Adds a product with its schedule rows, due at once unless FROZEN; 409 if the sku exists. */
    @Transactional
    ProductView create(Product product) {
        if (!products.insert(product, clock.instant())) {
            throw ApiException.conflict(
                    "Product " + product.sku() + " exists already; PUT /api/products/" + product.sku() + " changes it");
        }
        scheduleRows.addProducts(Map.of(product.sku(), product.tier()));
        return view(product.sku());
    }

    /** Replaces name, brand and tier; a new tier moves the schedule rows. */
    @Transactional
    ProductView update(Product product) {
        Tier before = lockTier(product.sku());
        products.update(product, clock.instant());
        if (before != product.tier()) {
            scheduleRows.changeTier(product.sku(), product.tier());
        }
        return view(product.sku());
    }

    /** Moves a product to {@code tier}: FROZEN stops its scheduling, leaving FROZEN makes it due at once. */
    @Transactional
    ProductView changeTier(String sku, Tier tier) {
        if (lockTier(sku) != tier) {
            products.updateTier(sku, tier, clock.instant());
            scheduleRows.changeTier(sku, tier);
        }
        return view(sku);
    }

    /** Removes a product with its schedule rows, mappings and manual requests; 404 if there is none. */
    @Transactional
    void delete(String sku) {
        if (!products.delete(sku)) {
            throw unknown(sku);
        }
    }

    /**
     * Brings back a provider that archived the product after days of NOT_FOUND answers: scheduled and due again at
     * once (unless FROZEN), mapping unresolved; 409 if that provider had not archived it.
     */
    @Transactional
    ProductView reactivate(String sku, Provider provider) {
        lockTier(sku);
        if (!scheduleRows.reactivate(sku, provider)) {
            throw ApiException.conflict(provider + " has not archived product " + sku + "; nothing to reactivate");
        }
        return view(sku);
    }

    /** The product with its mappings and schedule; 404 if there is none. */
    @Transactional(readOnly = true)
    ProductView view(String sku) {
        StoredProduct product = products.find(sku).orElseThrow(() -> unknown(sku));
        Staleness staleness = Staleness.at(clock.instant(), properties);
        Map<Provider, StoredMapping> mappings = products.mappings(List.of(sku)).stream()
                .collect(Collectors.toMap(StoredMapping::provider, Function.identity()));
        Map<Provider, List<StoredSchedule>> schedule =
                products.schedule(List.of(sku)).stream().collect(Collectors.groupingBy(StoredSchedule::provider));
        List<ProductView.ProviderView> views = new ArrayList<>();
        boolean stale = false;
        for (Provider provider : configuredProviders()) {
            StoredMapping mapping = mappings.get(provider);
            List<ProductView.RegionView> regions = new ArrayList<>();
            for (StoredSchedule row : schedule.getOrDefault(provider, List.of())) {
                boolean regionStale = staleness.isStale(product.tier(), row.lastSuccessAt());
                stale |= regionStale && row.scheduled();
                regions.add(new ProductView.RegionView(
                        row.region(),
                        row.scheduled(),
                        row.lastSuccessAt(),
                        regionStale,
                        row.nextDueAt(),
                        row.consecutiveFailures(),
                        row.inFlightRequestId(),
                        row.leaseExpiresAt(),
                        row.lastOutcomeStatus(),
                        row.lastOutcomeAt(),
                        row.lastError()));
            }
            views.add(new ProductView.ProviderView(
                    provider,
                    mapping == null ? UNRESOLVED : mapping.status(),
                    mapping == null ? null : mapping.providerProductId(),
                    mapping == null ? null : mapping.notFoundSince(),
                    mapping == null ? null : mapping.archivedAt(),
                    regions));
        }
        return new ProductView(
                product.sku(),
                product.name(),
                product.brand(),
                product.tier(),
                Staleness.target(product.tier(), properties),
                stale,
                product.createdAt(),
                product.updatedAt(),
                views);
    }

    /** One page of the products matching {@code query}, in sku order, with the total over all pages. */
    @Transactional(readOnly = true)
    ProductPage list(ProductQuery query) {
        Instant now = clock.instant();
        Staleness staleness = Staleness.at(now, properties);
        List<StoredProduct> page = products.page(query, staleness);
        long offset = (long) query.page() * query.size();
        // a short page that is not past the end is the last one: its end is the total, no count needed
        long total = page.size() < query.size() && (!page.isEmpty() || offset == 0)
                ? offset + page.size()
                : products.count(query, staleness);
        return new ProductPage(items(page, staleness), query.page(), query.size(), total);
    }

    private List<ProductPage.Item> items(List<StoredProduct> page, Staleness staleness) {
        if (page.isEmpty()) {
            return List.of();
        }
        Collection<String> skus = page.stream().map(StoredProduct::sku).toList();
        Map<String, Map<Provider, StoredMapping>> mappings = products.mappings(skus).stream()
                .collect(Collectors.groupingBy(
                        StoredMapping::sku, Collectors.toMap(StoredMapping::provider, Function.identity())));
        Map<String, Tier> tiers = page.stream().collect(Collectors.toMap(StoredProduct::sku, StoredProduct::tier));
        // per sku, the providers with at least one scheduled stale region
        Map<String, Set<Provider>> staleProviders = products.schedule(skus).stream()
                .filter(row -> row.scheduled() && staleness.isStale(tiers.get(row.sku()), row.lastSuccessAt()))
                .collect(Collectors.groupingBy(
                        StoredSchedule::sku, Collectors.mapping(StoredSchedule::provider, Collectors.toSet())));
        return page.stream()
                .map(product -> {
                    Map<Provider, StoredMapping> productMappings = mappings.getOrDefault(product.sku(), Map.of());
                    Set<Provider> stale = staleProviders.getOrDefault(product.sku(), Set.of());
                    List<ProductPage.ProviderSummary> summaries = configuredProviders().stream()
                            .map(provider -> {
                                StoredMapping mapping = productMappings.get(provider);
                                return new ProductPage.ProviderSummary(
                                        provider,
                                        mapping == null ? UNRESOLVED : mapping.status(),
                                        mapping == null ? null : mapping.archivedAt(),
                                        stale.contains(provider));
                            })
                            .toList();
                    return new ProductPage.Item(
                            product.sku(),
                            product.name(),
                            product.brand(),
                            product.tier(),
                            !stale.isEmpty(),
                            product.createdAt(),
                            product.updatedAt(),
                            summaries);
                })
                .toList();
    }

    private Tier lockTier(String sku) {
        return products.lockTier(sku).orElseThrow(() -> unknown(sku));
    }

    private Collection<Provider> configuredProviders() {
        return providers.all().keySet();
    }

    private static ApiException unknown(String sku) {
        return ApiException.notFound("No product " + sku);
    }
}
