package studio.brain.config;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every secret value the process has loaded, so that the log encoder can mask it wherever it appears, even
 * inside a URI or an exception message that a library built. Values shorter than four characters are not kept:
 * masking them would blank out ordinary words.
 */
public final class SecretRegistry {
    private static final int MIN_LENGTH = 4;
    private static final Set<String> VALUES = ConcurrentHashMap.newKeySet();

    private SecretRegistry() {
    }

    static void remember(String value) {
        if (value != null && value.length() >= MIN_LENGTH) {
            VALUES.add(value);
        }
    }

    /** Replaces every known secret value in {@code text} with {@link Secret#MASK}. */
    public static String mask(String text) {
        if (text == null || VALUES.isEmpty()) {
            return text;
        }
        String result = text;
        for (String value : VALUES) {
            if (result.contains(value)) {
                result = result.replace(value, Secret.MASK);
            }
        }
        return result;
    }
}
