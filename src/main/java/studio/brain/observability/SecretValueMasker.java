package studio.brain.observability;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import net.logstash.logback.mask.ValueMasker;
import studio.brain.config.Secret;
import studio.brain.config.SecretRegistry;

/**
 * The last line of defence in the log encoder: masks every secret value the hub has loaded, wherever it shows
 * up, plus the shapes secrets take in text a library built — a token in a URI query (Hubitat's
 * {@code access_token}), Stripe and webhook keys, bearer tokens, JDBC passwords — and the whole value of any
 * field whose name says it is a secret.
 */
public final class SecretValueMasker implements ValueMasker {
    private static final List<Pattern> SHAPES = List.of(
            Pattern.compile("(?i)((?:access_token|token|api_key|apikey|password|secret)=)[^&\\s\"']+"),
            Pattern.compile("\\b(?:sk|rk|pk)_(?:live|test)_[A-Za-z0-9]+"),
            Pattern.compile("\\bwhsec_[A-Za-z0-9+/=]+"),
            Pattern.compile("(?i)(bearer\\s+)[A-Za-z0-9._~+/=-]{8,}"),
            Pattern.compile("\\beyJ[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]{4,}\\.[A-Za-z0-9_-]+"));
    private static final Pattern SECRET_FIELD = Pattern.compile("(?i).*(password|secret|token|apikey|api_key|authorization).*");

    @Override
    public Object mask(JsonStreamContext context, Object value) {
        if (!(value instanceof CharSequence text)) {
            return null;
        }
        String field = context.getCurrentName();
        if (field != null && SECRET_FIELD.matcher(field).matches() && !field.toLowerCase(Locale.ROOT).endsWith("file")) {
            return Secret.MASK;
        }
        String masked = maskText(text.toString());
        return masked.equals(text.toString()) ? null : masked;
    }

    /** Masks secrets in free text; also used for error messages that leave the process over HTTP. */
    public static String maskText(String text) {
        String masked = SecretRegistry.mask(text);
        for (Pattern shape : SHAPES) {
            masked = shape.matcher(masked).replaceAll(match -> match.groupCount() > 0 && match.group(1) != null
                    ? java.util.regex.Matcher.quoteReplacement(match.group(1) + Secret.MASK)
                    : Secret.MASK);
        }
        return masked;
    }
}
