package studio.brain.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import org.quartz.CronExpression;

/**
 * Reads {@link HubConfig} from the defaults in {@code application.properties} and the {@code STUDIO_BRAIN_*}
 * environment. It checks everything before it answers and reports every problem at once; a problem names the
 * variable and what to do, and never repeats a secret's value.
 */
public final class ConfigLoader {
    private static final Pattern TENANT_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Set<String> LOG_LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

    private final Properties defaults;
    private final Map<String, String> env;
    private final List<ConfigProblem> problems = new ArrayList<>();

    private ConfigLoader(Properties defaults, Map<String, String> env) {
        this.defaults = defaults;
        this.env = env;
    }

    /** Loads from this process's environment and the bundled defaults. */
    public static HubConfig fromEnvironment() {
        return load(bundledDefaults(), System.getenv());
    }

    public static HubConfig load(Properties defaults, Map<String, String> env) {
        return new ConfigLoader(defaults, env).load();
    }

    public static Properties bundledDefaults() {
        Properties properties = new Properties();
        try (InputStream in = ConfigLoader.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the bundled application.properties", e);
        }
        return properties;
    }

    private HubConfig load() {
        rejectUnknownVariables();
        String host = text(ConfigKey.HTTP_HOST).orElse("127.0.0.1");
        int port = port();
        Path dataDir = Path.of(text(ConfigKey.DATA_DIR).orElse("data"));
        Optional<String> dbUrl = text(ConfigKey.DB_URL);
        dbUrl.ifPresent(this::checkJdbcUrl);
        dbUrl.flatMap(JdbcUrls::password).filter(p -> !p.isEmpty()).ifPresent(Secret::of);
        Optional<String> dbUser = text(ConfigKey.DB_USER);
        Optional<Secret> dbPassword = text(ConfigKey.DB_PASSWORD).map(Secret::of);
        if (dbUrl.isEmpty() && (dbUser.isPresent() || dbPassword.isPresent())) {
            problem(ConfigKey.DB_USER, "a database user or password is set but STUDIO_BRAIN_DB_URL is empty; "
                    + "set the URL of that server, or unset both to use the embedded PostgreSQL");
        }
        String tenantId = tenantId();
        boolean writesEnabled = bool(ConfigKey.WRITES_ENABLED, false);
        boolean approvalRequired = bool(ConfigKey.WRITE_APPROVAL_REQUIRED, true);
        if (writesEnabled && !approvalRequired) {
            problem(ConfigKey.WRITE_APPROVAL_REQUIRED, "writes are enabled without approval; every write needs a "
                    + "recorded human approval, so set it to true (or turn STUDIO_BRAIN_WRITES_ENABLED off)");
        }
        StaffAuthMode staffAuth = staffAuth();
        Optional<String> firestoreProject = text(ConfigKey.FIRESTORE_PROJECT_ID);
        firestoreProject.ifPresent(this::checkProjectId);
        checkExposure(host, staffAuth, firestoreProject);
        Optional<Secret> stripeKey = stripeKey();
        Path routesDir = directory(ConfigKey.ROUTES_DIR, "routes");
        Path connectorsDir = directory(ConfigKey.CONNECTORS_DIR, "connectors-yaml");
        Path policiesDir = directory(ConfigKey.POLICIES_DIR, "policies");
        boolean reload = bool(ConfigKey.ROUTES_RELOAD, false);
        String cron = cron();
        String logLevel = logLevel();
        int checkpointEvery = positiveInt(ConfigKey.LEDGER_CHECKPOINT_EVERY, 1_000, 1_000_000);
        int checkpointMinutes = positiveInt(ConfigKey.LEDGER_CHECKPOINT_MINUTES, 10, 24 * 60);
        boolean purgeEnabled = bool(ConfigKey.LEDGER_PURGE_ENABLED, false);
        int retentionDays = positiveInt(ConfigKey.LEDGER_RETENTION_DAYS, 365, 36_500);
        Map<String, List<String>> subscribers = outboxSubscribers();
        HubConfig.CloudSettings cloud = new HubConfig.CloudSettings(stripeApiBase(),
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.CLOUD_READ_TIMEOUT_SECONDS, 20, 600)),
                cron(ConfigKey.STATE_CRON, "0 5 6 * * ?"),
                java.time.Duration.ofHours(positiveInt(ConfigKey.STATE_STALE_HOURS, 26, 24 * 30)),
                // Google's own variable, not ours: the Firestore client honours it, and so does the hub.
                Optional.ofNullable(env.get("FIRESTORE_EMULATOR_HOST")).map(String::trim).filter(h -> !h.isEmpty()),
                cron(ConfigKey.OPS_SCAN_CRON, "0 15 * * * ?"),
                cron(ConfigKey.FINANCE_RECONCILIATION_CRON, "0 30 6 ? * MON"));
        Optional<Secret> intakeSecret = intakeWebhookSecret();
        HubConfig.PilotSettings pilots = new HubConfig.PilotSettings(opsNotesCollection(),
                bool(ConfigKey.HUBITAT_COMMANDS_ENABLED, false));
        HubConfig.DeviceSettings devices = devices();
        if (!problems.isEmpty()) {
            throw new InvalidConfigException(problems);
        }
        return new HubConfig(host, port, dataDir, dbUrl, dbUser, dbPassword, tenantId, writesEnabled,
                approvalRequired, staffAuth, stripeKey, firestoreProject, routesDir, connectorsDir, policiesDir,
                reload, cron, logLevel, checkpointEvery, checkpointMinutes, purgeEnabled, retentionDays, subscribers, cloud,
                intakeSecret, pilots, devices);
    }

    /** A plain Firestore collection id: the pilot writes there and nowhere else. */
    private Optional<String> opsNotesCollection() {
        Optional<String> value = text(ConfigKey.OPS_NOTES_COLLECTION);
        if (value.isPresent() && !value.get().matches("[A-Za-z0-9_-]{1,128}")) {
            problem(ConfigKey.OPS_NOTES_COLLECTION, "must be a plain collection id (letters, digits, _ and -), "
                    + "not a path");
            return Optional.empty();
        }
        return value;
    }

    /**
     * The device connectors. A connector is configured when its required settings are all set; some but not all
     * of them is a problem (a half-configured connector would look "not configured" and hide the typo).
     */
    private HubConfig.DeviceSettings devices() {
        Optional<String> url = text(ConfigKey.HUBITAT_URL).map(u -> webUrl(ConfigKey.HUBITAT_URL, u));
        Optional<String> appId = text(ConfigKey.HUBITAT_APP_ID);
        appId.filter(id -> !id.matches("[0-9]{1,9}")).ifPresent(id -> problem(ConfigKey.HUBITAT_APP_ID,
                "must be the Maker API app's number (the <id> in /apps/api/<id>/), got '" + id + "'"));
        Optional<Secret> token = text(ConfigKey.HUBITAT_ACCESS_TOKEN).map(Secret::of);
        token.filter(t -> !t.reveal().matches("[A-Za-z0-9-]{8,128}")).ifPresent(t -> problem(
                ConfigKey.HUBITAT_ACCESS_TOKEN, "must be the Maker API access token (letters, digits and '-')"));
        int set = (url.isPresent() ? 1 : 0) + (appId.isPresent() ? 1 : 0) + (token.isPresent() ? 1 : 0);
        if (set > 0 && set < 3) {
            problem(ConfigKey.HUBITAT_URL, "the Hubitat connector needs STUDIO_BRAIN_HUBITAT_URL, "
                    + "STUDIO_BRAIN_HUBITAT_APP_ID and STUDIO_BRAIN_HUBITAT_ACCESS_TOKEN together; set all three, or none");
        }
        HubConfig.HubitatSettings hubitat = new HubConfig.HubitatSettings(url, appId, token,
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.HUBITAT_POLL_SECONDS, 60, 86_400)),
                java.time.Duration.ofMillis(positiveInt(ConfigKey.HUBITAT_TIMEOUT_MILLIS, 10_000, 120_000)),
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.HUBITAT_BREAKER_OPEN_SECONDS, 60, 3_600)),
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.HUBITAT_STALE_SECONDS, 900, 7 * 86_400)),
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.HUBITAT_PUSH_WINDOW_SECONDS, 3_600, 30 * 86_400)),
                text(ConfigKey.HUBITAT_EVENTS_SECRET).map(Secret::of));
        hubitat.eventsSecret().filter(s -> s.reveal().length() < 16).ifPresent(s -> problem(
                ConfigKey.HUBITAT_EVENTS_SECRET, "is too short to guess-proof the events endpoint; use at least 16 "
                        + "random characters"));
        Optional<String> broker = text(ConfigKey.VALETUDO_BROKER_URL);
        broker.filter(b -> !b.matches("(tcp|ssl|ws|wss)://[^/?#@\\s]+(:[0-9]{1,5})?/?")).ifPresent(b -> problem(
                ConfigKey.VALETUDO_BROKER_URL, "must be an MQTT broker URL like tcp://host:1883 (no user or path)"));
        Optional<Secret> mqttPassword = text(ConfigKey.VALETUDO_PASSWORD).map(Secret::of);
        Optional<String> haUrl = text(ConfigKey.HA_URL).map(u -> webUrl(ConfigKey.HA_URL, u));
        Optional<Secret> haToken = text(ConfigKey.HA_TOKEN).map(Secret::of);
        if (haUrl.isPresent() != haToken.isPresent()) {
            problem(ConfigKey.HA_URL, "the Home Assistant connector needs STUDIO_BRAIN_HA_URL and STUDIO_BRAIN_HA_TOKEN "
                    + "together; set both, or none");
        }
        List<String> entities = text(ConfigKey.HA_ENTITIES).map(list -> java.util.Arrays.stream(list.split(","))
                .map(String::trim).filter(e -> !e.isEmpty()).toList()).orElse(List.of());
        entities.stream().filter(e -> !e.matches("vacuum\\.[a-z0-9_]+")).forEach(e -> problem(ConfigKey.HA_ENTITIES,
                "'" + e + "' is not a vacuum entity id (vacuum.<object_id>)"));
        return new HubConfig.DeviceSettings(hubitat, broker, text(ConfigKey.VALETUDO_TOPIC_PREFIX).orElse("valetudo"),
                text(ConfigKey.VALETUDO_USERNAME), mqttPassword, haUrl, haToken, entities,
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.VALETUDO_CHECK_SECONDS, 30, 3_600)),
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.VALETUDO_STALE_SECONDS, 900, 7 * 86_400)),
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.HA_POLL_SECONDS, 30, 86_400)),
                java.time.Duration.ofMillis(positiveInt(ConfigKey.HA_TIMEOUT_MILLIS, 10_000, 120_000)),
                java.time.Duration.ofSeconds(positiveInt(ConfigKey.HA_STALE_SECONDS, 900, 7 * 86_400)));
    }

    /** An http(s) URL with a host and no user, query or fragment (a token must never hide in it), without a final /. */
    private String webUrl(ConfigKey key, String value) {
        try {
            java.net.URI uri = new java.net.URI(value);
            boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            if (web && uri.getHost() != null && uri.getUserInfo() == null && uri.getQuery() == null
                    && uri.getFragment() == null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below
        }
        problem(key, "must be an http(s) URL with a host and no user, query or fragment part");
        return value;
    }

    private void rejectUnknownVariables() {
        env.keySet().stream()
                .filter(name -> name.startsWith(ConfigKey.ENV_PREFIX))
                .filter(name -> ConfigKey.byEnvName(name).isEmpty())
                .sorted()
                .forEach(name -> problems.add(new ConfigProblem(name,
                        "unknown setting; see README's configuration table for the variables the hub reads")));
    }

    /** The environment value if set and not blank, else the bundled default if not blank. */
    private Optional<String> text(ConfigKey key) {
        String value = env.get(key.envName());
        if (value == null || value.isBlank()) {
            value = defaults.getProperty(key.propertyName());
        }
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
    }

    private void problem(ConfigKey key, String message) {
        problems.add(new ConfigProblem(key.envName(), message));
    }

    private int port() {
        String value = text(ConfigKey.HTTP_PORT).orElse("8787");
        try {
            int port = Integer.parseInt(value);
            if (port >= 1 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problem(ConfigKey.HTTP_PORT, "must be a port number from 1 to 65535, got '" + value + "'");
        return -1;
    }

    private boolean bool(ConfigKey key, boolean fallback) {
        Optional<String> value = text(key);
        if (value.isEmpty()) {
            return fallback;
        }
        String v = value.get().toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("false")) {
            return Boolean.parseBoolean(v);
        }
        problem(key, "must be true or false, got '" + value.get() + "'");
        return fallback;
    }

    private String tenantId() {
        String value = text(ConfigKey.TENANT_ID).orElse("studio-main");
        if (!TENANT_ID.matcher(value).matches()) {
            problem(ConfigKey.TENANT_ID, "must be 1 to 63 characters of a-z, 0-9 and '-', starting with a letter "
                    + "or digit, got '" + value + "'");
        }
        return value;
    }

    private StaffAuthMode staffAuth() {
        String value = text(ConfigKey.STAFF_AUTH).orElse("local-token");
        return StaffAuthMode.parse(value).orElseGet(() -> {
            problem(ConfigKey.STAFF_AUTH, "must be local-token or firebase, got '" + value + "'");
            return StaffAuthMode.LOCAL_TOKEN;
        });
    }

    private void checkExposure(String host, StaffAuthMode staffAuth, Optional<String> firestoreProject) {
        boolean loopback = isLoopback(host);
        if (!loopback && staffAuth != StaffAuthMode.FIREBASE) {
            problem(ConfigKey.HTTP_HOST, "binding to '" + host + "' exposes the hub beyond this machine; keep "
                    + "127.0.0.1, or set STUDIO_BRAIN_STAFF_AUTH=firebase so that staff must sign in");
        }
        if (staffAuth == StaffAuthMode.FIREBASE && firestoreProject.isEmpty()) {
            problem(ConfigKey.STAFF_AUTH, "firebase sign-in needs the studio's project: set "
                    + "STUDIO_BRAIN_FIRESTORE_PROJECT_ID");
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            // Only literal addresses are resolved; a host name other than localhost counts as exposed.
            if (!host.matches("[0-9.]+|[0-9a-fA-F:]+")) {
                return false;
            }
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The full check (base64, length, end dates) is the webhook's; here only the shape, so typos stop the start. */
    private Optional<Secret> intakeWebhookSecret() {
        Optional<String> value = text(ConfigKey.INTAKE_WEBHOOK_SECRET);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Secret secret = Secret.of(value.get());
        String[] entries = value.get().split(";");
        for (int i = 0; i < entries.length; i++) {
            if (!entries[i].strip().startsWith("whsec_")) {
                problem(ConfigKey.INTAKE_WEBHOOK_SECRET, "entry " + (i + 1) + " is not a Standard Webhooks secret "
                        + "(whsec_<base64>, optionally @<ISO instant> when it ends)");
            }
        }
        return Optional.of(secret);
    }

    private Optional<Secret> stripeKey() {
        Optional<String> value = text(ConfigKey.STRIPE_API_KEY);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Secret key = Secret.of(value.get());
        if (key.startsWith("sk_")) {
            problem(ConfigKey.STRIPE_API_KEY, "is a full-access secret key, which the hub refuses; create a "
                    + "restricted key (rk_...) with read-only permissions in the Stripe dashboard and use that");
        } else if (!key.startsWith("rk_")) {
            problem(ConfigKey.STRIPE_API_KEY, "is not a Stripe restricted key; it must start with rk_ "
                    + "(a read-only restricted key)");
        }
        return Optional.of(key);
    }

    private void checkJdbcUrl(String url) {
        if (!url.startsWith("jdbc:postgresql://")) {
            problems.add(new ConfigProblem(ConfigKey.DB_URL.envName(),
                    "must be a PostgreSQL JDBC URL like jdbc:postgresql://host:5432/studio_brain, got '"
                            + JdbcUrls.withoutPassword(url) + "'"));
        }
    }

    private void checkProjectId(String project) {
        if (!project.matches("[a-z][a-z0-9-]{4,28}[a-z0-9]")) {
            problem(ConfigKey.FIRESTORE_PROJECT_ID, "must be a Google Cloud project id (6 to 30 characters of "
                    + "a-z, 0-9 and '-'), got '" + project + "'");
        }
    }

    private Path directory(ConfigKey key, String fallback) {
        return Path.of(text(key).orElse(fallback));
    }

    private String cron() {
        return cron(ConfigKey.HEARTBEAT_CRON, "0 * * * * ?");
    }

    private String cron(ConfigKey key, String fallback) {
        String value = text(key).orElse(fallback);
        if (!CronExpression.isValidExpression(value)) {
            problem(key, "is not a valid Quartz cron expression (seconds minutes hours "
                    + "day-of-month month day-of-week), got '" + value + "'");
        }
        return value;
    }

    /** An http(s) URL without credentials or query, so a key can never hide in it. */
    private String stripeApiBase() {
        String value = text(ConfigKey.STRIPE_API_BASE).orElse("https://api.stripe.com");
        try {
            java.net.URI uri = new java.net.URI(value);
            boolean web = "https".equals(uri.getScheme()) || "http".equals(uri.getScheme());
            if (web && uri.getHost() != null && uri.getUserInfo() == null && uri.getQuery() == null) {
                return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
            }
        } catch (java.net.URISyntaxException ignored) {
            // reported below
        }
        problem(ConfigKey.STRIPE_API_BASE, "must be an http(s) URL with a host and no user or query part");
        return "https://api.stripe.com";
    }

    private int positiveInt(ConfigKey key, int fallback, int max) {
        String value = text(key).orElse(Integer.toString(fallback));
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= 1 && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        problem(key, "must be a whole number from 1 to " + max + ", got '" + value + "'");
        return fallback;
    }

    private Map<String, List<String>> outboxSubscribers() {
        String value = text(ConfigKey.OUTBOX_SUBSCRIBERS).orElse("*=kamelet:hub-event-sink?event=outbox.delivered");
        try {
            return OutboxSubscribers.parse(value);
        } catch (IllegalArgumentException e) {
            problem(ConfigKey.OUTBOX_SUBSCRIBERS, e.getMessage());
            return Map.of();
        }
    }

    private String logLevel() {
        String value = text(ConfigKey.LOG_LEVEL).orElse("INFO").toUpperCase(Locale.ROOT);
        if (!LOG_LEVELS.contains(value)) {
            problem(ConfigKey.LOG_LEVEL, "must be one of TRACE, DEBUG, INFO, WARN, ERROR, got '" + value + "'");
        }
        return value;
    }
}
