package studio.brain.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.stripe.StripeClient;
import com.stripe.exception.ApiConnectionException;
import com.stripe.exception.AuthenticationException;
import com.stripe.exception.IdempotencyException;
import com.stripe.exception.InvalidRequestException;
import com.stripe.exception.PermissionException;
import com.stripe.exception.RateLimitException;
import com.stripe.exception.StripeException;
import com.stripe.model.StripeCollection;
import com.stripe.param.BalanceTransactionListParams;
import com.stripe.param.ChargeListParams;
import com.stripe.param.PaymentIntentListParams;
import com.stripe.param.PayoutListParams;
import com.stripe.param.RefundListParams;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import studio.brain.cloud.CloudReadException.ErrorKind;
import studio.brain.config.Secret;

/**
 * Payment records read from Stripe with the official client and a <em>restricted, read-only</em> key
 * ({@code rk_…}). A full secret key ({@code sk_…}), or anything else, is refused when the source is built. The
 * key lives in this instance's own {@link StripeClient}, never in the client library's global settings, and the
 * API base is a parameter so that tests and the configuration can point it elsewhere.
 *
 * <p>{@link #list} asks for {@code created[gte]}/{@code created[lt]} with {@code limit=100} and follows
 * {@code has_more}/{@code starting_after} until the last page. Each object is returned as Stripe sent it, as a map.
 * Failures become {@link CloudReadException}s whose kind comes from the exception type and HTTP status, and whose
 * message holds the status, Stripe's error code and request id, never the key.
 */
public final class StripePaymentSource implements PaymentSource {
    public static final String KIND = "stripe";
    public static final String DEFAULT_API_BASE = "https://api.stripe.com";
    public static final String RESTRICTED_KEY_PREFIX = "rk_";
    public static final long PAGE_SIZE = 100;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);
    public static final int DEFAULT_NETWORK_RETRIES = 2;

    private final StripeClient client;
    private final String apiBase;

    /** Reads from Stripe itself. */
    public StripePaymentSource(Secret restrictedKey) {
        this(restrictedKey, DEFAULT_API_BASE, DEFAULT_TIMEOUT, DEFAULT_NETWORK_RETRIES);
    }

    /**
     * @param restrictedKey     a restricted key, {@code rk_live_…} or {@code rk_test_…}
     * @param apiBase           the API's base URL, {@value #DEFAULT_API_BASE} unless testing
     * @param timeout           connect and read timeout of each request
     * @param maxNetworkRetries how often the client retries a request Stripe marks as retryable (0 = never)
     */
    public StripePaymentSource(Secret restrictedKey, String apiBase, Duration timeout, int maxNetworkRetries) {
        if (restrictedKey == null || !restrictedKey.startsWith(RESTRICTED_KEY_PREFIX)
                || restrictedKey.reveal().length() <= RESTRICTED_KEY_PREFIX.length()
                || restrictedKey.reveal().chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("Stripe key refused: the hub reads payments only with a restricted,"
                    + " read-only key (rk_...); a secret key (sk_...) can move money and is never accepted");
        }
        this.apiBase = checkedBase(apiBase);
        Objects.requireNonNull(timeout, "timeout");
        if (maxNetworkRetries < 0) {
            throw new IllegalArgumentException("maxNetworkRetries must not be negative");
        }
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
        this.client = StripeClient.builder()
                .setApiKey(restrictedKey.reveal())
                .setApiBase(this.apiBase)
                .setConnectTimeout(timeoutMillis)
                .setReadTimeout(timeoutMillis)
                .setMaxNetworkRetries(maxNetworkRetries)
                .build();
    }

    public String apiBase() {
        return apiBase;
    }

    @Override
    public String kind() {
        return KIND;
    }

    @Override
    public boolean sampleData() {
        return false;
    }

    @Override
    public List<Map<String, Object>> list(PaymentObject object, Instant from, Instant to) {
        Objects.requireNonNull(object, "object");
        PaymentWindow window = PaymentWindow.of(from, to);
        if (window.empty()) {
            return List.of();
        }
        List<Map<String, Object>> result = new ArrayList<>();
        String startingAfter = null;
        while (true) {
            JsonNode page = page(object, window, startingAfter);
            JsonNode data = page.path("data");
            if (!data.isArray()) {
                throw new CloudReadException(ErrorKind.UNKNOWN,
                        "Stripe list of " + object.pathSegment() + " answered without a data array");
            }
            String lastId = null;
            for (JsonNode item : data) {
                if (!(item instanceof ObjectNode itemObject) || !item.path("id").isTextual()) {
                    throw new CloudReadException(ErrorKind.UNKNOWN,
                            "Stripe list of " + object.pathSegment() + " holds an item without an id");
                }
                result.add(Collections.unmodifiableMap(ExportJson.toMap(itemObject, false)));
                lastId = item.get("id").textValue();
            }
            if (!page.path("has_more").asBoolean(false) || lastId == null) {
                return Collections.unmodifiableList(result);
            }
            if (lastId.equals(startingAfter)) {
                throw new CloudReadException(ErrorKind.UNKNOWN,
                        "Stripe list of " + object.pathSegment() + " did not advance past " + lastId);
            }
            startingAfter = lastId;
        }
    }

    private JsonNode page(PaymentObject object, PaymentWindow window, String startingAfter) {
        StripeCollection<?> page;
        try {
            page = switch (object) {
                case PAYMENT_INTENTS -> client.paymentIntents().list(PaymentIntentListParams.builder()
                        .setCreated(PaymentIntentListParams.Created.builder()
                                .setGte(window.gteSeconds()).setLt(window.ltSeconds()).build())
                        .setLimit(PAGE_SIZE).setStartingAfter(startingAfter).build());
                case CHARGES -> client.charges().list(ChargeListParams.builder()
                        .setCreated(ChargeListParams.Created.builder()
                                .setGte(window.gteSeconds()).setLt(window.ltSeconds()).build())
                        .setLimit(PAGE_SIZE).setStartingAfter(startingAfter).build());
                case REFUNDS -> client.refunds().list(RefundListParams.builder()
                        .setCreated(RefundListParams.Created.builder()
                                .setGte(window.gteSeconds()).setLt(window.ltSeconds()).build())
                        .setLimit(PAGE_SIZE).setStartingAfter(startingAfter).build());
                case PAYOUTS -> client.payouts().list(PayoutListParams.builder()
                        .setCreated(PayoutListParams.Created.builder()
                                .setGte(window.gteSeconds()).setLt(window.ltSeconds()).build())
                        .setLimit(PAGE_SIZE).setStartingAfter(startingAfter).build());
                case BALANCE_TRANSACTIONS -> client.balanceTransactions().list(BalanceTransactionListParams.builder()
                        .setCreated(BalanceTransactionListParams.Created.builder()
                                .setGte(window.gteSeconds()).setLt(window.ltSeconds()).build())
                        .setLimit(PAGE_SIZE).setStartingAfter(startingAfter).build());
            };
        } catch (StripeException e) {
            throw translate(object, e);
        } catch (RuntimeException e) {
            // the client's JSON parser failing on a body that is not Stripe's
            throw new CloudReadException(ErrorKind.UNKNOWN,
                    "Stripe list of " + object.pathSegment() + " failed: " + e.getClass().getSimpleName(), e);
        }
        if (page.getLastResponse() == null || page.getLastResponse().body() == null) {
            throw new CloudReadException(ErrorKind.UNKNOWN,
                    "Stripe list of " + object.pathSegment() + " came back without a response body");
        }
        try {
            return ExportJson.MAPPER.readTree(page.getLastResponse().body());
        } catch (IOException e) {
            throw new CloudReadException(ErrorKind.UNKNOWN,
                    "Stripe list of " + object.pathSegment() + " answered with malformed JSON", e);
        }
    }

    /** The kind for a Stripe failure, chosen by exception type and HTTP status; the message never holds the key. */
    static CloudReadException translate(PaymentObject object, StripeException e) {
        Integer status = e.getStatusCode();
        ErrorKind kind;
        if (e instanceof AuthenticationException || e instanceof PermissionException) {
            kind = ErrorKind.AUTH;
        } else if (e instanceof RateLimitException) {
            kind = ErrorKind.UNAVAILABLE;
        } else if (e instanceof ApiConnectionException) {
            kind = timedOut(e) ? ErrorKind.TIMEOUT : ErrorKind.UNAVAILABLE;
        } else if (e instanceof InvalidRequestException || e instanceof IdempotencyException) {
            kind = status != null && status == 404 ? ErrorKind.NOT_FOUND : ErrorKind.BAD_REQUEST;
        } else if (status != null && status > 0) {
            kind = ErrorKind.fromHttpStatus(status);
        } else {
            kind = ErrorKind.UNKNOWN;
        }
        StringBuilder message = new StringBuilder("Stripe list of ").append(object.pathSegment())
                .append(" failed (").append(kind).append(')');
        if (status != null && status > 0) {
            message.append(": HTTP ").append(status);
        }
        if (e.getCode() != null) {
            message.append(", code ").append(e.getCode());
        }
        if (e.getRequestId() != null) {
            message.append(", request ").append(e.getRequestId());
        }
        return new CloudReadException(kind, message.toString(), e);
    }

    private static boolean timedOut(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof HttpTimeoutException) { // incl. socket timeouts
                return true;
            }
        }
        return false;
    }

    private static String checkedBase(String apiBase) {
        if (apiBase == null || apiBase.isBlank()) {
            return DEFAULT_API_BASE;
        }
        String base = apiBase.strip();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI uri;
        try {
            uri = URI.create(base);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Stripe API base is not a URL: " + base);
        }
        if (!("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) || uri.getHost() == null
                || uri.getUserInfo() != null || uri.getQuery() != null) {
            throw new IllegalArgumentException("Stripe API base must be an http(s) URL without credentials: "
                    + uri.getScheme() + "://" + uri.getHost());
        }
        return base;
    }
}
