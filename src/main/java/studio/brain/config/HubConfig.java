package studio.brain.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The hub's whole configuration, typed and immutable. Built only by {@link ConfigLoader}, which has already
 * refused every unsafe or malformed value; secret fields are {@link Secret}s so printing this record is safe.
 */
public record HubConfig(
        String httpHost,
        int httpPort,
        Path dataDir,
        Optional<String> dbUrl,
        Optional<String> dbUser,
        Optional<Secret> dbPassword,
        String tenantId,
        boolean writesEnabled,
        boolean writeApprovalRequired,
        StaffAuthMode staffAuth,
        Optional<Secret> stripeApiKey,
        Optional<String> firestoreProjectId,
        Path routesDir,
        Path connectorsDir,
        Path policiesDir,
        boolean routesReload,
        String heartbeatCron,
        String logLevel,
        int ledgerCheckpointEvery,
        int ledgerCheckpointMinutes,
        boolean ledgerPurgeEnabled,
        int ledgerRetentionDays,
        java.util.Map<String, java.util.List<String>> outboxSubscribers,
        CloudSettings cloud,
        Optional<Secret> intakeWebhookSecret,
        PilotSettings pilots,
        DeviceSettings devices) {

    /**
     * The write pilots, each off unless configured: the Firestore collection ops notes go to, and whether Hubitat
     * on/off commands may run. Writes also need STUDIO_BRAIN_WRITES_ENABLED and the capability enabled in policies.
     */
    public record PilotSettings(Optional<String> opsNotesCollection, boolean hubitatCommandsEnabled) {
    }

    /** The device connectors' settings; a connector whose required settings are missing is not configured. */
    public record DeviceSettings(HubitatSettings hubitat, Optional<String> valetudoBrokerUrl, String valetudoTopicPrefix,
                                 Optional<String> valetudoUsername, Optional<Secret> valetudoPassword,
                                 Optional<String> homeAssistantUrl, Optional<Secret> homeAssistantToken,
                                 java.util.List<String> homeAssistantEntities, java.time.Duration valetudoCheckEvery,
                                 java.time.Duration valetudoStaleAfter, java.time.Duration homeAssistantPollEvery,
                                 java.time.Duration homeAssistantTimeout, java.time.Duration homeAssistantStaleAfter) {
        public boolean valetudoConfigured() {
            return valetudoBrokerUrl.isPresent();
        }

        public boolean homeAssistantConfigured() {
            return homeAssistantUrl.isPresent() && homeAssistantToken.isPresent();
        }
    }

    /** The Hubitat Maker API connector: where, with which app and token, and its timings. */
    public record HubitatSettings(Optional<String> url, Optional<String> appId, Optional<Secret> accessToken,
                                  java.time.Duration pollEvery, java.time.Duration timeout,
                                  java.time.Duration breakerOpen, java.time.Duration staleAfter,
                                  java.time.Duration pushWindow, Optional<Secret> eventsSecret) {
        public boolean configured() {
            return url.isPresent() && appId.isPresent() && accessToken.isPresent();
        }
    }

    /** Where the hub reads cloud truth from, how long a read may take, and when StudioState is computed. */
    public record CloudSettings(String stripeApiBase, java.time.Duration readTimeout, String stateCron,
                                java.time.Duration staleAfter, Optional<String> firestoreEmulatorHost,
                                String opsScanCron, String financeReconciliationCron) {
    }

    public boolean embeddedDatabase() {
        return dbUrl.isEmpty();
    }

    public boolean sampleStudio() {
        return firestoreProjectId.isEmpty();
    }

    /**
     * Every setting by its environment variable name, as a person may see it: secrets show only whether they
     * are set, and a JDBC URL loses any password it carries.
     */
    public Map<String, String> describe() {
        Map<String, String> view = new LinkedHashMap<>();
        view.put(ConfigKey.HTTP_HOST.envName(), httpHost);
        view.put(ConfigKey.HTTP_PORT.envName(), Integer.toString(httpPort));
        view.put(ConfigKey.DATA_DIR.envName(), dataDir.toString());
        view.put(ConfigKey.DB_URL.envName(), dbUrl.map(JdbcUrls::withoutPassword).orElse("(embedded PostgreSQL)"));
        view.put(ConfigKey.DB_USER.envName(), dbUser.orElse("(not set)"));
        view.put(ConfigKey.DB_PASSWORD.envName(), secretState(dbPassword));
        view.put(ConfigKey.TENANT_ID.envName(), tenantId);
        view.put(ConfigKey.WRITES_ENABLED.envName(), Boolean.toString(writesEnabled));
        view.put(ConfigKey.WRITE_APPROVAL_REQUIRED.envName(), Boolean.toString(writeApprovalRequired));
        view.put(ConfigKey.STAFF_AUTH.envName(), staffAuth.configValue());
        view.put(ConfigKey.STRIPE_API_KEY.envName(), secretState(stripeApiKey));
        view.put(ConfigKey.STRIPE_API_BASE.envName(), cloud.stripeApiBase());
        view.put(ConfigKey.FIRESTORE_PROJECT_ID.envName(), firestoreProjectId.orElse("(not set: sample studio)")
                + cloud.firestoreEmulatorHost().map(host -> " (emulator at " + host + ")").orElse(""));
        view.put(ConfigKey.CLOUD_READ_TIMEOUT_SECONDS.envName(), Long.toString(cloud.readTimeout().toSeconds()));
        view.put(ConfigKey.STATE_CRON.envName(), cloud.stateCron());
        view.put(ConfigKey.STATE_STALE_HOURS.envName(), Long.toString(cloud.staleAfter().toHours()));
        view.put(ConfigKey.OPS_SCAN_CRON.envName(), cloud.opsScanCron());
        view.put(ConfigKey.FINANCE_RECONCILIATION_CRON.envName(), cloud.financeReconciliationCron());
        view.put(ConfigKey.INTAKE_WEBHOOK_SECRET.envName(), secretState(intakeWebhookSecret));
        view.put(ConfigKey.OPS_NOTES_COLLECTION.envName(), pilots.opsNotesCollection().orElse(""));
        view.put(ConfigKey.HUBITAT_COMMANDS_ENABLED.envName(), Boolean.toString(pilots.hubitatCommandsEnabled()));
        view.put(ConfigKey.ROUTES_DIR.envName(), routesDir.toString());
        view.put(ConfigKey.CONNECTORS_DIR.envName(), connectorsDir.toString());
        view.put(ConfigKey.POLICIES_DIR.envName(), policiesDir.toString());
        view.put(ConfigKey.ROUTES_RELOAD.envName(), Boolean.toString(routesReload));
        view.put(ConfigKey.HEARTBEAT_CRON.envName(), heartbeatCron);
        view.put(ConfigKey.LOG_LEVEL.envName(), logLevel);
        view.put(ConfigKey.LEDGER_CHECKPOINT_EVERY.envName(), Integer.toString(ledgerCheckpointEvery));
        view.put(ConfigKey.LEDGER_CHECKPOINT_MINUTES.envName(), Integer.toString(ledgerCheckpointMinutes));
        view.put(ConfigKey.LEDGER_PURGE_ENABLED.envName(), Boolean.toString(ledgerPurgeEnabled));
        view.put(ConfigKey.LEDGER_RETENTION_DAYS.envName(), Integer.toString(ledgerRetentionDays));
        view.put(ConfigKey.OUTBOX_SUBSCRIBERS.envName(), OutboxSubscribers.format(outboxSubscribers));
        HubitatSettings hubitat = devices.hubitat();
        view.put(ConfigKey.HUBITAT_URL.envName(), hubitat.url().orElse("(not set)"));
        view.put(ConfigKey.HUBITAT_APP_ID.envName(), hubitat.appId().orElse("(not set)"));
        view.put(ConfigKey.HUBITAT_ACCESS_TOKEN.envName(), secretState(hubitat.accessToken()));
        view.put(ConfigKey.HUBITAT_POLL_SECONDS.envName(), Long.toString(hubitat.pollEvery().toSeconds()));
        view.put(ConfigKey.HUBITAT_TIMEOUT_MILLIS.envName(), Long.toString(hubitat.timeout().toMillis()));
        view.put(ConfigKey.HUBITAT_BREAKER_OPEN_SECONDS.envName(), Long.toString(hubitat.breakerOpen().toSeconds()));
        view.put(ConfigKey.HUBITAT_STALE_SECONDS.envName(), Long.toString(hubitat.staleAfter().toSeconds()));
        view.put(ConfigKey.HUBITAT_PUSH_WINDOW_SECONDS.envName(), Long.toString(hubitat.pushWindow().toSeconds()));
        view.put(ConfigKey.HUBITAT_EVENTS_SECRET.envName(), secretState(hubitat.eventsSecret()));
        view.put(ConfigKey.VALETUDO_BROKER_URL.envName(), devices.valetudoBrokerUrl().orElse("(not set)"));
        view.put(ConfigKey.VALETUDO_TOPIC_PREFIX.envName(), devices.valetudoTopicPrefix());
        view.put(ConfigKey.VALETUDO_USERNAME.envName(), devices.valetudoUsername().orElse("(not set)"));
        view.put(ConfigKey.VALETUDO_PASSWORD.envName(), secretState(devices.valetudoPassword()));
        view.put(ConfigKey.HA_URL.envName(), devices.homeAssistantUrl().orElse("(not set)"));
        view.put(ConfigKey.HA_TOKEN.envName(), secretState(devices.homeAssistantToken()));
        view.put(ConfigKey.HA_ENTITIES.envName(), String.join(",", devices.homeAssistantEntities()));
        view.put(ConfigKey.VALETUDO_CHECK_SECONDS.envName(), Long.toString(devices.valetudoCheckEvery().toSeconds()));
        view.put(ConfigKey.VALETUDO_STALE_SECONDS.envName(), Long.toString(devices.valetudoStaleAfter().toSeconds()));
        view.put(ConfigKey.HA_POLL_SECONDS.envName(), Long.toString(devices.homeAssistantPollEvery().toSeconds()));
        view.put(ConfigKey.HA_TIMEOUT_MILLIS.envName(), Long.toString(devices.homeAssistantTimeout().toMillis()));
        view.put(ConfigKey.HA_STALE_SECONDS.envName(), Long.toString(devices.homeAssistantStaleAfter().toSeconds()));
        return view;
    }

    /** The record's own toString would print the JDBC URL as given; this one never shows a secret. */
    @Override
    public String toString() {
        return "HubConfig" + describe();
    }

    private static String secretState(Optional<Secret> secret) {
        return secret.map(s -> "(set, " + Secret.MASK + ")").orElse("(not set)");
    }
}
