package studio.brain.config;

import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Every setting the hub reads, by its environment variable. Defaults live in {@code application.properties}
 * under the matching property name ({@code STUDIO_BRAIN_HTTP_PORT} is {@code studio.brain.http.port}); an
 * environment variable overrides its default. README's configuration table and {@code .env.example} list
 * exactly these (a test keeps them in step).
 */
public enum ConfigKey {
    HTTP_HOST("Address the HTTP server binds to. Anything but loopback needs STUDIO_BRAIN_STAFF_AUTH=firebase."),
    HTTP_PORT("Port of the HTTP server (API, cockpit, probes, metrics)."),
    DATA_DIR("Folder for local data: the embedded PostgreSQL cluster, keys, tokens."),
    DB_URL("JDBC URL of an external PostgreSQL (jdbc:postgresql://host:5432/db). Empty: start the embedded one."),
    DB_USER("User for STUDIO_BRAIN_DB_URL."),
    DB_PASSWORD("Password for STUDIO_BRAIN_DB_URL.", true),
    TENANT_ID("The studio this hub serves; carried by every proposal, privileged action and ledger event."),
    WRITES_ENABLED("Anchor mode keeps this false: no connector write can run, approved or not."),
    WRITE_APPROVAL_REQUIRED("Every write capability needs a recorded human approval. Must stay true when writes are enabled."),
    STAFF_AUTH("How staff sign in: local-token (an admin token in the data dir) or firebase (Firebase ID tokens)."),
    STRIPE_API_KEY("Stripe restricted, read-only key (rk_...). A full secret key (sk_...) is refused.", true),
    STRIPE_API_BASE("Base URL of Stripe's API: a proxy or a Stripe-compatible test server may stand in for it."),
    FIRESTORE_PROJECT_ID("Google Cloud project of the studio's Firestore. Empty: read the bundled sample studio."),
    CLOUD_READ_TIMEOUT_SECONDS("Each Firestore or Stripe read gives up after this many seconds; its metric is then partial."),
    STATE_CRON("Quartz cron of the daily StudioState snapshot."),
    OPS_SCAN_CRON("Quartz cron of the ops anomaly scan."),
    FINANCE_RECONCILIATION_CRON("Quartz cron of the weekly finance reconciliation."),
    INTAKE_WEBHOOK_SECRET("Signing secret(s) of the intake webhook: whsec_<base64>, several separated by ; during a rotation, each optionally @<ISO instant> when it ends. Empty: the webhook answers 503.", true),
    STATE_STALE_HOURS("A StudioState older than this many hours is reported stale (API, /readyz details, metric)."),
    ROUTES_DIR("Folder of *.camel.yaml routes loaded at start."),
    CONNECTORS_DIR("Folder of *.kamelet.yaml connectors (Kamelet location)."),
    POLICIES_DIR("Folder of declarative policy files."),
    ROUTES_RELOAD("Watch the routes folder and reload a changed route file; a bad edit keeps the previous version."),
    HEARTBEAT_CRON("Quartz cron of the heartbeat route."),
    LOG_LEVEL("Level of the hub's own log lines: TRACE, DEBUG, INFO, WARN or ERROR."),
    LEDGER_CHECKPOINT_EVERY("Sign a ledger checkpoint after this many new events."),
    LEDGER_CHECKPOINT_MINUTES("Sign a ledger checkpoint at least this often (minutes) while events arrive."),
    LEDGER_PURGE_ENABLED("Run the scheduled ledger purge (retention); off by default."),
    LEDGER_RETENTION_DAYS("Ledger events older than this many days may be purged, up to a signed checkpoint."),
    RETENTION_CRON("Quartz cron of the data retention purge (policies/retention.yaml). Empty, the default: the purge is off."),
    SCORECARD_CRON("Quartz cron of the KPI scorecard (policies/scorecard.yaml). Empty, the default: every five minutes."),
    OPS_NOTES_COLLECTION("Firestore collection the ops-note write pilot appends to (e.g. studioOpsNotes). Empty: that pilot is off."),
    HUBITAT_COMMANDS_ENABLED("Switch on the Hubitat on/off command pilot for the devices in policies/device-commands.yaml."),
    OUTBOX_SUBSCRIBERS("Where outbox messages go: topic=endpoint[|endpoint];topic2=... (topic may end in .* or be *)."),
    HUBITAT_URL("Base URL of the Hubitat hub (http://192.168.1.20). Empty: the Hubitat connector is not configured."),
    HUBITAT_APP_ID("The Maker API app's id (the number in /apps/api/<id>/)."),
    HUBITAT_ACCESS_TOKEN("The Maker API app's access token.", true),
    HUBITAT_POLL_SECONDS("Poll Maker API devices/all this often (seconds)."),
    HUBITAT_TIMEOUT_MILLIS("A Maker API call gives up after this many milliseconds (connect, response and the whole call)."),
    HUBITAT_BREAKER_OPEN_SECONDS("After repeated failures the circuit breaker stays open this long before it tries again."),
    HUBITAT_STALE_SECONDS("A device unheard for this long is stale; the connector is down after this long without a successful poll."),
    HUBITAT_PUSH_WINDOW_SECONDS("No device event pushed for this long: reconcile with a full poll and report pushStale."),
    HUBITAT_EVENTS_SECRET("Shared secret of POST /api/hubitat/events (path segment or X-Hubitat-Secret header). Empty: the endpoint answers 503.", true),
    VALETUDO_BROKER_URL("MQTT 5 broker of the Valetudo robots (tcp://host:1883). Empty: the Valetudo connector is not configured."),
    VALETUDO_TOPIC_PREFIX("Valetudo's MQTT topic prefix (Valetudo's default: valetudo)."),
    VALETUDO_USERNAME("MQTT user name for STUDIO_BRAIN_VALETUDO_BROKER_URL, if the broker needs one."),
    VALETUDO_PASSWORD("MQTT password for STUDIO_BRAIN_VALETUDO_BROKER_URL.", true),
    VALETUDO_CHECK_SECONDS("Report the Valetudo robots and check the MQTT connection this often (seconds); also the longest reconnect back-off."),
    VALETUDO_STALE_SECONDS("A robot unheard for this long is stale; the Valetudo connector is down after this long without a good check."),
    HA_URL("Base URL of Home Assistant (http://homeassistant.local:8123). Empty: the Home Assistant connector is not configured."),
    HA_TOKEN("Home Assistant long-lived access token.", true),
    HA_ENTITIES("Comma-separated allowlist of vacuum.* entity ids to read from Home Assistant."),
    HA_POLL_SECONDS("Poll Home Assistant's /api/states this often (seconds)."),
    HA_TIMEOUT_MILLIS("A Home Assistant call gives up after this many milliseconds (connect, response and the whole call)."),
    HA_STALE_SECONDS("A vacuum unreported for this long is stale; the Home Assistant connector is down after this long without a successful poll.");

    public static final String ENV_PREFIX = "STUDIO_BRAIN_";

    private final String description;
    private final boolean secret;

    ConfigKey(String description) {
        this(description, false);
    }

    ConfigKey(String description, boolean secret) {
        this.description = description;
        this.secret = secret;
    }

    public String envName() {
        return ENV_PREFIX + name();
    }

    /** The property name of the default in {@code application.properties}, also visible to routes as a placeholder. */
    public String propertyName() {
        return "studio.brain." + name().toLowerCase(Locale.ROOT).replace('_', '.');
    }

    public String description() {
        return description;
    }

    public boolean isSecret() {
        return secret;
    }

    public static Optional<ConfigKey> byEnvName(String envName) {
        return Stream.of(values()).filter(k -> k.envName().equals(envName)).findFirst();
    }
}
