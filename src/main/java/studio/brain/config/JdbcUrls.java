package studio.brain.config;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Small helpers for JDBC URLs, which may carry a password in their query string. */
public final class JdbcUrls {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private JdbcUrls() {
    }

    /** The password a URL carries in its query or user info, so it can be treated as a secret. */
    public static Optional<String> password(String url) {
        Matcher param = PASSWORD_PARAM.matcher(url);
        if (param.find()) {
            return Optional.of(param.group().substring(param.group(1).length()));
        }
        Matcher userInfo = USER_INFO.matcher(url);
        if (userInfo.find()) {
            String whole = userInfo.group();
            return Optional.of(whole.substring(userInfo.group(1).length(), whole.length() - 1));
        }
        return Optional.empty();
    }

    public static String withoutPassword(String url) {
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1" + Secret.MASK);
        return USER_INFO.matcher(masked).replaceAll("$1" + Secret.MASK + "@");
    }
}
