package studio.brain.config;

import java.util.regex.Pattern;

/** Small helpers for JDBC URLs, which may carry a password in their query string. */
public final class JdbcUrls {
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    private static final Pattern USER_INFO = Pattern.compile("(//[^/:@]+:)[^@/]*@");

    private JdbcUrls() {
    }

    public static String withoutPassword(String url) {
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1" + Secret.MASK);
        return USER_INFO.matcher(masked).replaceAll("$1" + Secret.MASK + "@");
    }
}
