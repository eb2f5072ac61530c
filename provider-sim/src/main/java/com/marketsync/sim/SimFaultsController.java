package com.marketsync.sim;

import com.marketsync.sim.Faults.Fault;
import com.marketsync.sim.Faults.Kind;
import com.marketsync.sim.Faults.Spec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** {@code /sim/faults}: injects, lists and removes faults in the simulated providers' API calls. */
@RestController
class SimFaultsController {

    private static final Set<String> FIELDS =
            Set.of("provider", "kind", "rate", "retryAfterSeconds", "latencyMs", "durationSeconds", "seed");

    private final Faults faults;
    private final JsonMapper json = JsonMapper.builder().build();

    SimFaultsController(Faults faults) {
        this.faults = faults;
    }

    /** A fault request that cannot be honoured, naming the field at fault. */
    static final class InvalidFault extends RuntimeException {

        private final String field;

        InvalidFault(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }
    }

    @PostMapping("/sim/faults")
    ResponseEntity<Fault> add(@RequestBody(required = false) String body) {
        Fault fault = faults.add(parse(body));
        return ResponseEntity.status(HttpStatus.CREATED).body(fault);
    }

    @GetMapping("/sim/faults")
    List<Fault> list() {
        return faults.list();
    }

    @DeleteMapping("/sim/faults")
    Map<String, Integer> clear(@RequestParam(required = false) String provider) {
        Optional<Provider> only = Optional.empty();
        if (provider != null) {
            only = Optional.of(provider(provider));
        }
        return Map.of("removed", faults.clear(only));
    }

    @DeleteMapping("/sim/faults/{id}")
    ResponseEntity<Void> remove(@PathVariable String id) {
        return faults.remove(id)
                ? ResponseEntity.noContent().build()
                : ResponseEntity.notFound().build();
    }

    @ExceptionHandler
    ResponseEntity<Map<String, String>> on(InvalidFault e) {
        return ResponseEntity.badRequest().body(Map.of("field", e.field, "message", e.getMessage()));
    }

    private Spec parse(String body) {
        JsonNode node;
        try {
            node = body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JacksonException e) {
            throw new InvalidFault("body", "body must be a JSON object: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new InvalidFault("body", "body must be a JSON object");
        }
        for (String name : node.propertyNames()) {
            if (!FIELDS.contains(name)) {
                throw new InvalidFault(name, "unknown field " + name + ", expected some of " + FIELDS);
            }
        }
        Provider provider = provider(requiredText(node, "provider"));
        Kind kind = Arrays.stream(Kind.values())
                .filter(k -> k.name().equals(requiredText(node, "kind")))
                .findFirst()
                .orElseThrow(() -> new InvalidFault("kind", "kind must be one of " + List.of(Kind.values())));
        double rate = 1.0;
        if (present(node, "rate")) {
            if (!node.get("rate").isNumber()) {
                throw new InvalidFault("rate", "rate must be a number between 0.0 and 1.0");
            }
            rate = node.get("rate").asDouble();
            if (!(rate >= 0.0 && rate <= 1.0)) {
                throw new InvalidFault("rate", "rate must be between 0.0 and 1.0, was " + rate);
            }
        }
        Integer retryAfter = optionalInt(node, "retryAfterSeconds", 0);
        if (retryAfter != null && kind != Kind.STATUS_429) {
            throw new InvalidFault("retryAfterSeconds", "retryAfterSeconds applies only to kind STATUS_429");
        }
        Integer latencyMs = optionalInt(node, "latencyMs", 1);
        if (latencyMs != null && kind != Kind.LATENCY && kind != Kind.TIMEOUT) {
            throw new InvalidFault("latencyMs", "latencyMs applies only to kinds LATENCY and TIMEOUT");
        }
        if (latencyMs == null && kind == Kind.LATENCY) {
            throw new InvalidFault("latencyMs", "latencyMs is required for kind LATENCY");
        }
        Integer durationSeconds = optionalInt(node, "durationSeconds", 1);
        Long seed = null;
        if (present(node, "seed")) {
            if (!node.get("seed").isIntegralNumber() || !node.get("seed").canConvertToLong()) {
                throw new InvalidFault("seed", "seed must be a whole number");
            }
            seed = node.get("seed").asLong();
        }
        return new Spec(provider, kind, rate, retryAfter, latencyMs, durationSeconds, seed);
    }

    private static Provider provider(String name) {
        return Provider.parse(name)
                .orElseThrow(
                        () -> new InvalidFault("provider", "provider must be one of " + List.of(Provider.values())));
    }

    private static boolean present(JsonNode node, String field) {
        return node.has(field) && !node.get(field).isNull();
    }

    private static String requiredText(JsonNode node, String field) {
        if (!present(node, field)) {
            throw new InvalidFault(field, field + " is required");
        }
        if (!node.get(field).isString()) {
            throw new InvalidFault(field, field + " must be a string");
        }
        return node.get(field).asString();
    }

    private static Integer optionalInt(JsonNode node, String field, int minimum) {
        if (!present(node, field)) {
            return null;
        }
        JsonNode value = node.get(field);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < minimum) {
            throw new InvalidFault(field, field + " must be a whole number of at least " + minimum);
        }
        return value.asInt();
    }
}
