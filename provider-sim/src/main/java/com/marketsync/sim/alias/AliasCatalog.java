package com.marketsync.sim.alias;

import com.marketsync.sim.SizeRun;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Alias's simulated catalogue: items keyed by slug {@code catalog_id}, with GOAT-style skus ({@code DD1391 100}) and a
 * keyword search that, like the real one, also returns related items.
 */
@Component
class AliasCatalog {

    static final String RESOURCE = "/alias/catalog.csv";

    private static final Logger log = LoggerFactory.getLogger(AliasCatalog.class);
    private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^A-Za-z0-9]");
    private static final Pattern AUDIENCE = Pattern.compile("(^|\\s)Wmns\\s|\\s(GS|Kids)$");
    private static final Comparator<Item> SEARCH_ORDER =
            Comparator.comparing(Item::name).thenComparing(Item::sku);

    private final List<Item> items;
    private final Map<String, Item> byCatalogId;

    AliasCatalog() {
        this(loadResource());
    }

    AliasCatalog(List<Item> items) {
        this.items = List.copyOf(items);
        this.byCatalogId = items.stream().collect(Collectors.toMap(Item::catalogId, Function.identity(), (a, b) -> {
            throw new IllegalStateException("duplicate catalog_id " + a.catalogId());
        }));
        log.info("Alias catalog loaded with {} items", items.size());
    }

    /** One catalogue item. */
    record Item(
            String catalogId,
            String sku,
            String name,
            String brand,
            String gender,
            LocalDate releaseDate,
            long retailPriceCents,
            String colorway,
            SizeRun sizeRun) {

        /** The sku in comparison form, {@code DD1391100}. */
        String code() {
            return normalise(sku);
        }

        /** The sku as StockX and eBay sellers write it, {@code DD1391-100}. */
        String styleCode() {
            return sku.replace(' ', '-');
        }

        int retailUsd() {
            return (int) (retailPriceCents / 100);
        }

        /** The name without the audience marks, shared by a shoe's men's, women's and GS versions. */
        String family() {
            return AUDIENCE.matcher(name).replaceAll(" ").trim();
        }

        boolean matchesAllWords(List<String> words) {
            if (words.isEmpty()) {
                return false;
            }
            List<String> haystack = new ArrayList<>();
            for (String w : (name + " " + sku).split("\\s+")) {
                haystack.add(normalise(w).toLowerCase(Locale.ROOT));
            }
            haystack.add(code().toLowerCase(Locale.ROOT));
            return words.stream().allMatch(w -> haystack.stream().anyMatch(h -> h.startsWith(w)));
        }
    }

    List<Item> all() {
        return items;
    }

    Optional<Item> item(String catalogId) {
        return Optional.ofNullable(byCatalogId.get(catalogId));
    }

    /**
     * Keyword search as Alias answers it: sku hits plus the other colourways of the model, the women's/GS versions of a
     * hit and items matching every word, ordered by name rather than relevance.
     */
    List<Item> search(String query) {
        String code = normalise(query);
        if (code.isEmpty()) {
            return List.of();
        }
        List<String> words = Arrays.stream(query.trim().split("\\s+"))
                .map(w -> normalise(w).toLowerCase(Locale.ROOT))
                .filter(w -> !w.isEmpty())
                .toList();
        Set<String> exactFamilies = new HashSet<>();
        for (Item item : items) {
            if (item.code().equals(code)) {
                exactFamilies.add(item.family());
            }
        }
        Optional<String> prefix = modelPrefix(code);
        return items.stream()
                .filter(item -> item.code().equals(code)
                        || exactFamilies.contains(item.family())
                        || prefix.isPresent() && prefix.equals(modelPrefix(item.code()))
                        || item.matchesAllWords(words))
                .sorted(SEARCH_ORDER)
                .toList();
    }

    /** Uppercase and strip everything but letters and digits, the comparison form of a sku. */
    static String normalise(String value) {
        return NON_ALPHANUMERIC.matcher(value).replaceAll("").toUpperCase(Locale.ROOT);
    }

    /** The model part of a Nike/Jordan/ASICS style code (all but the three-digit colour code), if it has one. */
    static Optional<String> modelPrefix(String normalisedCode) {
        int length = normalisedCode.length();
        if (length >= 9 && normalisedCode.substring(length - 3).chars().allMatch(Character::isDigit)) {
            return Optional.of(normalisedCode.substring(0, length - 3));
        }
        return Optional.empty();
    }

    private static List<Item> loadResource() {
        try (InputStream in = AliasCatalog.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Item> parse(BufferedReader reader) throws IOException {
        List<Item> parsed = new ArrayList<>();
        boolean header = true;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] f = line.split(",", -1);
            if (f.length != 8) {
                throw new IllegalStateException("expected 8 columns in " + RESOURCE + ": " + line);
            }
            String gender = f[4].trim();
            parsed.add(new Item(
                    f[0].trim(),
                    f[1].trim(),
                    f[2].trim(),
                    f[3].trim(),
                    gender,
                    LocalDate.parse(f[5].trim()),
                    Long.parseLong(f[6].trim()),
                    f[7].trim(),
                    SizeRun.forGender(gender)));
        }
        return parsed;
    }
}
