package studio.brain.assist.finance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import studio.brain.hash.ContentHash;

/** Reading Stripe-shaped maps, and merging the repeated and out-of-order copies webhooks leave behind. */
final class StripeRecords {

    private StripeRecords() {
    }

    static String str(Map<String, Object> record, String key) {
        Object value = record == null ? null : record.get(key);
        if (value instanceof Map<?, ?> nested && nested.get("id") instanceof String id) {
            return id; // an expanded object stands for its id
        }
        return value == null ? null : value.toString();
    }

    static long cents(Map<String, Object> record, String key) {
        Object value = record == null ? null : record.get(key);
        if (value instanceof Number number) {
            return number.longValue();
        }
        if (value instanceof String text) {
            try {
                return Long.parseLong(text.trim());
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        return 0;
    }

    static boolean has(Map<String, Object> record, String key) {
        return record != null && record.get(key) instanceof Number;
    }

    static Instant created(Map<String, Object> record) {
        Object value = record == null ? null : record.get("created");
        if (value instanceof Number seconds) {
            return Instant.ofEpochSecond(seconds.longValue());
        }
        if (value instanceof Instant instant) {
            return instant;
        }
        return null;
    }

    static String currency(Map<String, Object> record) {
        String currency = str(record, "currency");
        return currency == null ? null : currency.trim().toLowerCase(java.util.Locale.ROOT);
    }

    static String status(Map<String, Object> record) {
        String status = str(record, "status");
        return status == null ? "" : status.trim().toLowerCase(java.util.Locale.ROOT);
    }

    static String metadata(Map<String, Object> record, String key) {
        Object metadata = record == null ? null : record.get("metadata");
        if (metadata instanceof Map<?, ?> map && map.get(key) instanceof String value && !value.isBlank()) {
            return value;
        }
        return null;
    }

    static String hash(Map<String, Object> record) {
        return ContentHash.of(hashable(record));
    }

    /** A value with its timestamps as ISO strings, so that the canonical JSON hash can take it. */
    static Object hashable(Object value) {
        if (value instanceof Instant instant) {
            return instant.toString();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new TreeMap<>();
            map.forEach((k, v) -> copy.put(String.valueOf(k), hashable(v)));
            return copy;
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new ArrayList<>();
            list.forEach(v -> copy.add(hashable(v)));
            return copy;
        }
        return value;
    }

    /** How far a status has come; a record never goes back, so the furthest copy is the newest. */
    static int rank(String status) {
        return switch (status) {
            case "requires_payment_method", "pending", "draft" -> 0;
            case "requires_confirmation" -> 1;
            case "requires_action" -> 2;
            case "processing", "in_transit" -> 3;
            case "requires_capture" -> 4;
            case "canceled", "cancelled", "failed" -> 5;
            case "succeeded", "paid", "available" -> 6;
            default -> -1;
        };
    }

    /** The result of merging repeated records: one per id, and how many copies were dropped. */
    record Merged(Map<String, Map<String, Object>> byId, int dropped) {
    }

    /**
     * One record per id: the copy whose status has come furthest, then the one with the most refunded, then a
     * fixed choice by content hash. The input order (webhook arrival order) does not matter.
     */
    static Merged merge(List<Map<String, Object>> records) {
        Map<String, Map<String, Object>> byId = new TreeMap<>();
        int dropped = 0;
        Comparator<Map<String, Object>> newer = Comparator
                .<Map<String, Object>>comparingInt(r -> rank(status(r)))
                .thenComparingLong(r -> cents(r, "amount_refunded"))
                .thenComparing(StripeRecords::hash);
        for (Map<String, Object> record : records == null ? List.<Map<String, Object>>of() : records) {
            String id = str(record, "id");
            if (id == null) {
                continue;
            }
            Map<String, Object> known = byId.get(id);
            if (known == null) {
                byId.put(id, record);
            } else {
                dropped++;
                if (newer.compare(record, known) > 0) {
                    byId.put(id, record);
                }
            }
        }
        return new Merged(new LinkedHashMap<>(byId), dropped);
    }
}
