package studio.brain.hub;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.net.ServerSocket;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import studio.brain.config.ConfigKey;
import studio.brain.config.HubConfig;
import studio.brain.config.StaffAuthMode;
import studio.brain.idempotency.PostgresIdempotentRepository;
import studio.brain.jobs.Heartbeat;
import io.micrometer.core.instrument.Gauge;
import studio.brain.assist.anomaly.AnomalyDetector;
import studio.brain.assist.anomaly.AnomalyRulesException;
import studio.brain.assist.anomaly.AnomalyRulesLoader;
import studio.brain.assist.anomaly.OpsScan;
import studio.brain.assist.finance.FinanceReconciliation;
import studio.brain.assist.marketing.MarketingDraftsRun;
import studio.brain.assist.marketing.MarketingTemplatesException;
import studio.brain.assist.marketing.MarketingTemplatesLoader;
import studio.brain.cloud.CloudReadException;
import studio.brain.cloud.CloudReads;
import studio.brain.cloud.CloudSources;
import studio.brain.gate.CapabilityCatalog;
import studio.brain.idempotency.IdempotencyStore;
import studio.brain.intake.Classification;
import studio.brain.intake.IntakeClassifier;
import studio.brain.intake.IntakeService;
import studio.brain.intake.IntakeWebhook;
import studio.brain.intake.RulePack;
import studio.brain.intake.RulePackException;
import studio.brain.intake.TriageDesk;
import studio.brain.intake.WebhookSecrets;
import studio.brain.intake.WebhookSignature;
import studio.brain.intake.triage.TriageAssistant;
import studio.brain.intake.triage.TriageRules;
import studio.brain.intake.triage.TriageRulesException;
import studio.brain.state.DriftChecker;
import studio.brain.state.MetricReader;
import studio.brain.state.StudioMetrics;
import studio.brain.state.StudioMetricsFileException;
import studio.brain.state.StudioStateService;
import studio.brain.gate.DryRuns;
import studio.brain.gate.ExecutionService;
import studio.brain.gate.ProposalRollbacks;
import studio.brain.gate.UnknownOutcomeFollowUp;
import studio.brain.actions.WritePilots;
import studio.brain.gate.GateRoutes;
import studio.brain.gate.PolicyControls;
import studio.brain.gate.ProposalDecisions;
import studio.brain.gate.ProposalGate;
import studio.brain.gate.RegistryCatalog;
import studio.brain.gate.auth.Authenticator;
import studio.brain.gate.guard.GrantGuard;
import studio.brain.gate.guard.GuardedEndpoints;
import studio.brain.gate.guard.RouteGuard;
import studio.brain.gate.guard.WriteEndpoints;
import studio.brain.gate.auth.DelegationService;
import studio.brain.gate.auth.DelegationSigningKey;
import studio.brain.gate.auth.FirebaseIdTokenVerifier;
import studio.brain.gate.auth.LocalAdminToken;
import studio.brain.gate.capability.ReloadableCapabilities;
import studio.brain.hash.ContentHash;
import studio.brain.devices.BreakerStates;
import studio.brain.devices.ConnectorAudit;
import studio.brain.devices.ConnectorBoard;
import studio.brain.devices.ConnectorCalls;
import studio.brain.devices.ConnectorDescriptor;
import studio.brain.devices.ConnectorMetrics;
import studio.brain.devices.DeviceAlertPolicy;
import studio.brain.devices.ErrorClassifier;
import studio.brain.devices.FieldMappingNormalizer;
import studio.brain.devices.homeassistant.HomeAssistantNormalizer;
import studio.brain.devices.homeassistant.HomeAssistantVacuums;
import studio.brain.devices.hubitat.HubitatEvents;
import studio.brain.devices.valetudo.ConsumableThresholds;
import studio.brain.devices.valetudo.ValetudoLink;
import studio.brain.devices.valetudo.ValetudoRobots;
import studio.brain.devices.hubitat.HubitatNormalizer;
import studio.brain.devices.hubitat.HubitatPushWatch;
import studio.brain.ledger.ActorType;
import studio.brain.ledger.AuditApi;
import studio.brain.ledger.AuditRecord;
import studio.brain.ledger.Ledger;
import studio.brain.ledger.LedgerRetention;
import studio.brain.ledger.RouteFailureAudit;
import studio.brain.ledger.SigningKey;
import studio.brain.jobs.JobRunPolicy;
import studio.brain.jobs.JobRunStore;
import studio.brain.jobs.ScheduledRoutes;
import studio.brain.observability.EventLog;
import studio.brain.outbox.Outbox;
import studio.brain.outbox.OutboxRelay;
import studio.brain.outbox.OutboxRelayRoutes;
import studio.brain.outbox.OutboxRelaySettings;
import studio.brain.observability.HubEvents;
import studio.brain.observability.LogLevels;
import studio.brain.observability.ProbeRoutes;
import studio.brain.observability.Readiness;
import studio.brain.observability.RouteLifecycleEvents;
import studio.brain.store.DatabaseStartup;
import studio.brain.web.HttpFront;
import studio.brain.web.api.RestApi;
import studio.brain.web.cockpit.Cockpit;

/**
 * The running hub: Camel Main with the hub's own wiring, the database started beside it, and the integrators'
 * routes loaded file by file once Camel is up. Every bean the routes can call is bound here, by name, in one place.
 */
public final class Hub implements AutoCloseable {
    private static final EventLog LOG = EventLog.of("hub");
    static final String VALETUDO_CHECK_ROUTE = "valetudo-robots";
    static final String VALETUDO_MQTT_ROUTE = "valetudo-mqtt";
    static final String VALETUDO_SUBSCRIPTION_ROUTE = "valetudo-subscription";

    private final HubConfig config;
    private final Clock clock;
    private final Degradations degradations = new Degradations();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final AtomicBoolean routeFilesLoaded = new AtomicBoolean();
    private final DatabaseStartup database;
    private final Main main;
    private RoutesFolderWatcher watcher;
    private Ledger ledger;
    private OutboxRelay relay;
    private ProposalGate gate;
    private CloudSources cloud;
    private IntakeService intake;
    private static final long OUTBOX_RELAY_PERIOD_MS = 500;
    private volatile boolean closed;

    private Hub(HubConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.database = DatabaseStartup.begin(config);
        this.main = new Main();
    }

    /** Starts a hub and returns once its HTTP server answers and its routes are loaded. */
    public static Hub start(HubConfig config, Clock clock) throws Exception {
        long began = System.nanoTime();
        LogLevels.apply(config.logLevel());
        LOG.info("hub.starting", "tenantId", config.tenantId(), "writesEnabled", config.writesEnabled(),
                "writeApprovalRequired", config.writeApprovalRequired(),
                "writePolicy", config.writesEnabled() ? "writes need an approved proposal and a grant"
                        : "anchor mode: every connector write is blocked",
                "staffAuth", config.staffAuth().configValue(), "sampleData", config.sampleStudio(),
                "database", config.embeddedDatabase() ? "embedded" : "external");
        checkPortFree(config);
        Hub hub = new Hub(config, clock);
        try {
            hub.startCamel();
        } catch (Exception | Error e) {
            hub.close();
            throw e;
        }
        LOG.info("hub.started", "url", "http://" + config.httpHost() + ":" + config.httpPort(),
                "durationMs", (System.nanoTime() - began) / 1_000_000);
        hub.ledger.appendAsync(AuditRecord.of(config.tenantId(), ActorType.SYSTEM, "hub", "hub.started")
                .meta("writesEnabled", config.writesEnabled())
                .meta("writeApprovalRequired", config.writeApprovalRequired())
                .meta("configHash", ContentHash.of(config.describe()))
                .build());
        return hub;
    }

    private void startCamel() throws Exception {
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        main.bind("metricsRegistry", meters);
        main.addOverrideProperty("camel.server.host", config.httpHost());
        main.addOverrideProperty("camel.server.port", Integer.toString(config.httpPort()));
        main.addOverrideProperty("camel.component.kamelet.location",
                "file:" + config.connectorsDir().toAbsolutePath().normalize() + ",classpath:kamelets");
        exposeSettingsToRoutes();
        main.addOverrideProperty(WritePilots.OPS_NOTES_ENABLED, "false");
        main.addOverrideProperty(WritePilots.HUBITAT_COMMANDS_ENABLED, "false");
        main.addMainListener(new MainListenerSupport() {
            @Override
            public void afterConfigure(BaseMainSupport configured) {
                wire(configured.getCamelContext(), meters);
            }
        });
        main.start();
        CamelContext camel = main.getCamelContext();
        HttpFront.install(VertxPlatformHttpRouter.lookup(camel,
                VertxPlatformHttpRouter.getRouterNameFromPort(config.httpPort())));
        KameletFiles.check(config.connectorsDir(), degradations);
        RouteFileLoader loader = new RouteFileLoader(camel, degradations,
                new RouteGuard(new WriteEndpoints(config.connectorsDir())));
        loader.loadAll(config.routesDir());
        routeFilesLoaded.set(true);
        if (config.routesReload()) {
            watcher = new RoutesFolderWatcher(config.routesDir(), loader);
            watcher.start(2_000);
        }
    }

    /**
     * Vert.x only logs a failed bind and Camel carries on without a server, so the port is tried first: a hub
     * that nobody can reach must not pretend to run.
     */
    private static void checkPortFree(HubConfig config) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(config.httpHost(), config.httpPort()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen on " + config.httpHost() + ":" + config.httpPort()
                    + " (" + e.getMessage() + "); is another process, or another hub, using that port? "
                    + "Stop it or set STUDIO_BRAIN_HTTP_PORT", e);
        }
    }

    /** Non-secret settings become property placeholders, e.g. {@code {{studio.brain.heartbeat.cron}}}. */
    private void exposeSettingsToRoutes() {
        config.describe().forEach((envName, value) -> ConfigKey.byEnvName(envName)
                .filter(key -> !key.isSecret())
                .ifPresent(key -> main.addOverrideProperty(key.propertyName(), value)));
    }

    private void wire(CamelContext camel, PrometheusMeterRegistry meters) {
        camel.getManagementStrategy().addEventNotifier(new RouteLifecycleEvents());
        JobRunStore jobRuns = new JobRunStore(database::dataSource, config.tenantId(), instanceId());
        camel.addRoutePolicyFactory(new ScheduledRoutes(new JobRunPolicy(jobRuns, clock, meters)));
        camel.getRegistry().bind("hubConfig", config);
        camel.getRegistry().bind("hubEvents", new HubEvents());
        camel.getRegistry().bind("heartbeat", new Heartbeat(database::dataSource, clock, config.tenantId(), meters));
        ledger = new Ledger(database::dataSource, clock, signingKey(config),
                config.ledgerCheckpointEvery(), Duration.ofMinutes(config.ledgerCheckpointMinutes()));
        camel.getManagementStrategy().addEventNotifier(new RouteFailureAudit(ledger, config.tenantId()));
        camel.getRegistry().bind("ledger", ledger);
        camel.getRegistry().bind("ledgerRetention", new LedgerRetention(database::dataSource, clock, config.tenantId(),
                Duration.ofDays(config.ledgerRetentionDays())));
        camel.getRegistry().bind("outbox", new Outbox(clock));
        camel.getRegistry().bind("idempotentRepository", new PostgresIdempotentRepository(database::dataSource,
                "routes", Duration.ofDays(30), clock));
        relay = new OutboxRelay(database::dataSource, camel, config.outboxSubscribers(), clock, meters,
                OutboxRelaySettings.defaults());
        GateRoutes gateRoutes = wireGate(camel);
        Readiness readiness = new Readiness(database, camel, degradations, config, routeFilesLoaded::get);
        wireStudioState(camel, readiness, meters);
        wireIntake(camel);
        wireAssist(camel);
        wireRetention(camel);
        wireDevices(camel, readiness, meters);
        wireScorecard(camel);
        try {
            // Every /api/ route starts with the same authentication step, the audit endpoints' included.
            RestApi api = RestApi.wire(camel, config, database::dataSource, clock);
            camel.addRoutes(new ProbeRoutes(readiness, meters));
            camel.addRoutes(new AuditApi(ledger, database::dataSource, config.tenantId(), clock, api.staffOnly()));
            camel.addRoutes(new OutboxRelayRoutes(relay, OUTBOX_RELAY_PERIOD_MS));
            camel.addRoutes(gateRoutes);
            for (RouteBuilder routes : api.routes()) {
                camel.addRoutes(routes);
            }
            Cockpit.install(camel, api, config.tenantId());
        } catch (Exception e) {
            throw new IllegalStateException("cannot add the hub's own routes", e);
        }
    }

    /**
     * The gate and its parts, by name for routes: the capability registry from the policies folder (a bad file
     * leaves the previous registry, or none, and is reported), the gate, staff decisions, policy controls and
     * execution.
     */
    private GateRoutes wireGate(CamelContext camel) {
        ReloadableCapabilities capabilities = new ReloadableCapabilities(
                config.policiesDir().resolve("capabilities.yaml"));
        capabilities.problems().forEach(p -> degradations.report("policy:" + p.file().getFileName(), p.toString()));
        CapabilityCatalog catalog = new RegistryCatalog(capabilities);
        SigningKey key = ledger.signingKey();
        Outbox outbox = camel.getRegistry().lookupByNameAndType("outbox", Outbox.class);
        gate = new ProposalGate(database::dataSource, clock, ledger, outbox, catalog, config.tenantId(),
                config.writesEnabled(), key);
        camel.getRegistry().bind("capabilities", capabilities);
        camel.getRegistry().bind("policyGate", gate);
        camel.getRegistry().bind("proposalDecisions", new ProposalDecisions(database::dataSource, clock, ledger, outbox,
                key, config.tenantId()));
        camel.getRegistry().bind("policyControls", new PolicyControls(database::dataSource, clock, ledger, catalog,
                config.tenantId()));
        ExecutionService execution = new ExecutionService(database::dataSource, clock, ledger, key.verifier(), catalog,
                config.tenantId(), config.writesEnabled());
        camel.getRegistry().bind("executionService", execution);
        camel.getRegistry().bind("dryRuns", new DryRuns(database::dataSource, clock, ledger, config.tenantId()));
        camel.getRegistry().bind("proposalRollbacks", new ProposalRollbacks(database::dataSource, gate, ledger,
                config.tenantId()));
        DelegationService delegations = new DelegationService(clock, database::dataSource,
                DelegationSigningKey.loadOrCreate(config.dataDir()), config.tenantId());
        camel.getRegistry().bind("delegations", delegations);
        camel.getRegistry().bind("authenticator", config.staffAuth() == StaffAuthMode.FIREBASE
                ? Authenticator.firebase(new FirebaseIdTokenVerifier(config.firestoreProjectId().orElseThrow(),
                        config.tenantId(), FirebaseIdTokenVerifier.GOOGLE_KEYS_URL, clock), delegations)
                : Authenticator.localToken(LocalAdminToken.loadOrCreate(config.dataDir(), config.tenantId()), delegations));
        GrantGuard grantGuard = new GrantGuard(database::dataSource, clock, ledger, key.verifier(), config.tenantId());
        camel.getCamelContextExtension().registerEndpointCallback(new GuardedEndpoints(
                new WriteEndpoints(config.connectorsDir()), grantGuard));
        wireWritePilots(camel, grantGuard);
        return new GateRoutes(gate, execution, config.tenantId());
    }

    /**
     * The write pilots the configuration switches on (their routes start only then), how each is rolled back, and
     * what happens after an execution whose outcome nobody could confirm: a drift proposal for staff to check, and
     * executions a crash left open closed as outcome unknown — at start and every minute — never sent again.
     */
    private void wireWritePilots(CamelContext camel, GrantGuard grantGuard) {
        ProposalRollbacks rollbacks = camel.getRegistry().lookupByNameAndType("proposalRollbacks",
                ProposalRollbacks.class);
        ExecutionService execution = camel.getRegistry().lookupByNameAndType("executionService",
                ExecutionService.class);
        Map<String, String> started = new java.util.LinkedHashMap<>();
        WritePilots.wire(camel, config, clock, grantGuard.sentGrantCheck(), rollbacks, execution, started)
                .forEach(problem -> degradations.report("pilot", problem));
        started.forEach(camel.getPropertiesComponent()::addOverrideProperty);
        execution.onUnknownOutcome(new UnknownOutcomeFollowUp(gate, config.tenantId()));
    }

    /**
     * Cloud truth and the StudioState computed from it: the configured sources (Firestore or the sample studio,
     * Stripe or the sample's payments) for the read Kamelets, and the StudioState service for the studio-state
     * route and API, with its freshness in {@code /readyz} and the metrics. A refused metrics file or a source that
     * cannot be opened leaves StudioState off and the hub degraded, not down.
     */
    private void wireStudioState(CamelContext camel, Readiness readiness, PrometheusMeterRegistry meters) {
        Path metricsFile = config.policiesDir().resolve(StudioMetrics.FILE_NAME);
        try {
            cloud = CloudSources.from(config);
            StudioMetrics metrics = StudioMetrics.load(metricsFile);
            camel.getRegistry().bind("cloudReads", new CloudReads(cloud));
            MetricReader reader = new MetricReader(metrics, clock);
            StudioStateService service = new StudioStateService(database::dataSource, clock, ledger, config.tenantId(),
                    now -> reader.readAll(cloud.documents(), cloud.paymentsOrRefusal(), now, config.cloud().readTimeout()),
                    metrics.paymentMetricKeys(),
                    new DriftChecker(metrics, cloud.documents()), cloud.sampleData(), config.cloud().staleAfter());
            camel.getRegistry().bind("studioState", service);
            readiness.addAdvisory("studioState", service::freshness);
            Gauge.builder("studio_brain_state_age_seconds", service, s -> {
                        Object age = s.freshness().get("ageSeconds");
                        return age instanceof Number n ? n.doubleValue() : Double.NaN;
                    })
                    .description("Age of the latest StudioState snapshot (NaN when there is none)")
                    .register(meters);
        } catch (StudioMetricsFileException e) {
            degradations.report("policy:" + StudioMetrics.FILE_NAME, e.getMessage());
            LOG.warn("studio_state.off", "reason", "metrics file refused", "file", metricsFile.toString());
        } catch (CloudReadException e) {
            degradations.report("cloud:" + (config.sampleStudio() ? "sample" : "firestore"),
                    "cannot open the cloud source: " + e.kind());
            LOG.warn("studio_state.off", "reason", "cloud source unavailable", "kind", e.kind().name());
        }
    }

    /**
     * The intake of work requests and flags: the classifier's rule pack and the triage rules from the policies folder,
     * the webhook's signing secrets, and the services the webhook route and the staff API use. A refused rule file or
     * secret leaves that part off and the hub degraded; the webhook without a secret answers 503.
     */
    private void wireIntake(CamelContext camel) {
        Path rules = config.policiesDir().resolve(RulePack.FILE_NAME);
        Path triageRules = config.policiesDir().resolve(TriageRules.FILE_NAME);
        try {
            IntakeClassifier classifier = IntakeClassifier.load(rules);
            IdempotencyStore seen = new IdempotencyStore(database::dataSource, clock,
                    Map.of(IntakeService.SCOPE, IntakeService.DEDUPE_WINDOW));
            IntakeService intake = new IntakeService(database::dataSource, clock, ledger, seen, text -> {
                Classification c = classifier.classify(text);
                return new IntakeService.Verdict(c.category(), c.confidence(), c.matchedRules(), c.rulePackVersion());
            }, camel.getRegistry().lookupByNameAndType("proposalDecisions", ProposalDecisions.class), config.tenantId());
            this.intake = intake;
            camel.getRegistry().bind("intakeService", intake);
            camel.getRegistry().bind("intakeWebhook", new IntakeWebhook(webhookSignature(), intake, clock));
        } catch (RulePackException e) {
            degradations.report("policy:" + RulePack.FILE_NAME, e.getMessage());
        }
        try {
            camel.getRegistry().bind("triageDesk", new TriageDesk(database::dataSource, clock, ledger,
                    new TriageAssistant(TriageRules.load(triageRules)), config.tenantId()));
        } catch (TriageRulesException e) {
            degradations.report("policy:" + TriageRules.FILE_NAME, e.getMessage());
        }
    }

    /**
     * The assistive scans: the ops anomaly detector's rules from the policies folder, and the finance reconciliation
     * over the cloud sources, for their routes.
     */
    private void wireAssist(CamelContext camel) {
        if (cloud != null) {
            camel.getRegistry().bind("financeReconciliation", new FinanceReconciliation(clock, ledger,
                    cloud.documents(), cloud.paymentsOrRefusal(), config.tenantId()));
        }
        Path rules = config.policiesDir().resolve(AnomalyRulesLoader.FILE_NAME);
        try {
            camel.getRegistry().bind("opsScan", new OpsScan(database::dataSource, clock, ledger,
                    new AnomalyDetector(AnomalyRulesLoader.load(rules)), config.tenantId()));
        } catch (AnomalyRulesException e) {
            degradations.report("policy:" + AnomalyRulesLoader.FILE_NAME, e.getMessage());
        }
        try {
            camel.getRegistry().bind("marketingDrafts", new MarketingDraftsRun(database::dataSource, ledger,
                    MarketingTemplatesLoader.load(config.policiesDir().resolve(MarketingTemplatesLoader.FILE_NAME)),
                    config.tenantId()));
        } catch (MarketingTemplatesException e) {
            degradations.report("policy:" + MarketingTemplatesLoader.FILE_NAME, e.getMessage());
        }
    }

    /**
     * Data retention for the {@code data-retention} route ({@code dataRetention}): on only with
     * STUDIO_BRAIN_RETENTION_CRON, its policy file read again at every run, the ledger's part through the ledger's own
     * retention and window. A bad cron, or a refused policy file while the purge is on, leaves the purge off or idle
     * and the hub degraded, never down.
     */
    private void wireRetention(CamelContext camel) {
        studio.brain.retention.RetentionSettings settings = studio.brain.retention.RetentionSettings.OFF;
        try {
            settings = studio.brain.retention.RetentionSettings.of(
                    camel.getPropertiesComponent().resolveProperty(ConfigKey.RETENTION_CRON.propertyName()));
        } catch (IllegalArgumentException e) {
            degradations.report("config:" + ConfigKey.RETENTION_CRON.envName(), e.getMessage());
        }
        settings.exposeTo(camel.getPropertiesComponent());
        Path policy = config.policiesDir().resolve(studio.brain.retention.RetentionPolicyLoader.FILE_NAME);
        camel.getRegistry().bind("dataRetention", new studio.brain.retention.DataRetention(database::dataSource, clock,
                ledger, config.tenantId(), policy, settings.enabled(),
                new studio.brain.retention.DataRetention.LedgerSide(config.ledgerPurgeEnabled(),
                        Duration.ofDays(config.ledgerRetentionDays()),
                        camel.getRegistry().lookupByNameAndType("ledgerRetention", LedgerRetention.class))));
        if (settings.enabled()) {
            try {
                studio.brain.retention.RetentionPolicyLoader.load(policy);
            } catch (studio.brain.gate.capability.PolicyFileException e) {
                degradations.report("policy:" + studio.brain.retention.RetentionPolicyLoader.FILE_NAME, e.getMessage());
            }
        }
    }

    /**
     * The device connectors: the board every connector reports to (for {@code /api/connectors}, the metrics, the
     * ledger and {@code /readyz}, where a connector that is not healthy makes the hub degraded, never not ready), the
     * contract's beans for the Kamelets and routes, and the Hubitat connector's normalizer, event webhook and push
     * watchdog, and the two Roborock connectors (Valetudo over MQTT, Home Assistant).
     * A connector without its settings stays off: its routes have autoStartup false and placeholders that lead nowhere.
     */
    private void wireDevices(CamelContext camel, Readiness readiness, PrometheusMeterRegistry meters) {
        HubConfig.HubitatSettings hubitat = config.devices().hubitat();
        Path alertsFile = config.policiesDir().resolve(DeviceAlertPolicy.FILE_NAME);
        DeviceAlertPolicy policy = DeviceAlertPolicy.defaults();
        if (java.nio.file.Files.exists(alertsFile)) {
            try {
                policy = DeviceAlertPolicy.load(alertsFile);
            } catch (DeviceAlertPolicy.PolicyException e) {
                degradations.report("policy:" + DeviceAlertPolicy.FILE_NAME, e.getMessage());
            }
        }
        DeviceAlertPolicy alerts = policy;
        ConnectorAudit audit = new ConnectorAudit(ledger::appendAsync, config.tenantId(), clock, Duration.ofHours(1));
        ConnectorBoard board = new ConnectorBoard(clock, new ConnectorMetrics(meters), audit);
        BreakerStates routes = new BreakerStates(camel);
        board.observeRoutes(routes::state, routes::running);
        board.addListener((name, availability, reason) -> {
            if (reason == null) {
                degradations.clear("connector:" + name);
            } else {
                degradations.report("connector:" + name, reason);
            }
        });
        board.declare(new ConnectorDescriptor("hubitat", "Hubitat Maker API", "1.0", ConnectorDescriptor.READ_ONLY,
                hubitat.configured(), hubitat.staleAfter(), hubitat.staleAfter(), List.of("hubitat-poll",
                        "hubitat-devices"), List.of(ConfigKey.HUBITAT_URL.envName(), ConfigKey.HUBITAT_APP_ID.envName(),
                        ConfigKey.HUBITAT_ACCESS_TOKEN.envName())));
        HubConfig.DeviceSettings devices = config.devices();
        board.declare(new ConnectorDescriptor(ValetudoRobots.CONNECTOR, "Roborock (Valetudo over MQTT)", "1.0",
                ConnectorDescriptor.READ_ONLY, devices.valetudoConfigured(), devices.valetudoStaleAfter(),
                devices.valetudoStaleAfter(), List.of(VALETUDO_CHECK_ROUTE, VALETUDO_SUBSCRIPTION_ROUTE),
                List.of(ConfigKey.VALETUDO_BROKER_URL.envName())));
        board.declare(new ConnectorDescriptor(HomeAssistantVacuums.CONNECTOR, "Roborock (Home Assistant)", "1.0",
                ConnectorDescriptor.READ_ONLY, devices.homeAssistantConfigured(), devices.homeAssistantStaleAfter(),
                devices.homeAssistantStaleAfter(), List.of("home-assistant-poll", "home-assistant-vacuums"),
                List.of(ConfigKey.HA_URL.envName(), ConfigKey.HA_TOKEN.envName())));
        camel.getRegistry().bind("deviceAlertPolicy", alerts);
        camel.getRegistry().bind("connectorBoard", board);
        camel.getRegistry().bind("connectorCalls", new ConnectorCalls(board, new ErrorClassifier(clock), audit, clock));
        camel.getRegistry().bind("fieldMappingNormalizer", new FieldMappingNormalizer(() -> alerts));
        HubitatNormalizer normalizer = new HubitatNormalizer(() -> alerts);
        camel.getRegistry().bind("hubitatNormalizer", normalizer);
        HubitatPushWatch watch = new HubitatPushWatch(board, clock, hubitat.pushWindow(),
                hubitat.configured() && hubitat.eventsSecret().isPresent(), () -> pollSoon(camel, "hubitat-poll"));
        camel.getRegistry().bind("hubitatPushWatch", watch);
        camel.getRegistry().bind("hubitatEvents", new HubitatEvents(hubitat.eventsSecret(), hubitat.configured(), board,
                normalizer, watch, clock));
        wireRoborock(camel, alerts, devices);
        readiness.addAdvisory("connectors", () -> {
            board.evaluate();
            return board.advisory();
        });
        org.apache.camel.spi.PropertiesComponent properties = camel.getPropertiesComponent();
        properties.addOverrideProperty("studio.brain.hubitat.enabled", Boolean.toString(hubitat.configured()));
        if (hubitat.configured()) {
            // Secrets are not placeholders by default (exposeSettingsToRoutes); the Hubitat route needs this one.
            properties.addOverrideProperty("studio.brain.hubitat.access.token", hubitat.accessToken().get().reveal());
        } else {
            // The switched-off route is still built; these lead nowhere and are never called.
            properties.addOverrideProperty("studio.brain.hubitat.url", "http://hubitat.not-configured.invalid");
            properties.addOverrideProperty("studio.brain.hubitat.app.id", "0");
            properties.addOverrideProperty("studio.brain.hubitat.access.token", "not-configured");
        }
    }

    /**
     * The two Roborock connectors: Valetudo robots over MQTT (the subscription feeds {@code valetudoLink}, whose
     * check route reports them) and Home Assistant's vacuums (its poll route hands {@code /api/states} to
     * {@code homeAssistantNormalizer}); consumable thresholds from the device alert policy. Each route starts only
     * when its connector is configured. Secrets become placeholders only for a configured connector, as Hubitat's
     * token does: the MQTT password and the Home Assistant token.
     */
    private void wireRoborock(CamelContext camel, DeviceAlertPolicy alerts, HubConfig.DeviceSettings devices) {
        org.apache.camel.spi.PropertiesComponent properties = camel.getPropertiesComponent();
        ValetudoRobots robots = new ValetudoRobots(devices.valetudoTopicPrefix(),
                ConsumableThresholds.from(alerts.vacuumConsumables()), devices.valetudoStaleAfter(), clock);
        // The subscription's client id is the Kamelet's default; the link's probe uses its own next to it.
        camel.getRegistry().bind("valetudoLink", new ValetudoLink(robots, camel, VALETUDO_MQTT_ROUTE, VALETUDO_SUBSCRIPTION_ROUTE,
                devices.valetudoBrokerUrl().orElse("tcp://valetudo.not-configured.invalid:1883"),
                devices.valetudoUsername(), devices.valetudoPassword(), "studio-brain-valetudo"));
        properties.addOverrideProperty("studio.brain.valetudo.enabled", Boolean.toString(devices.valetudoConfigured()));
        properties.addOverrideProperty("studio.brain.valetudo.reconnect.max.millis",
                Long.toString(devices.valetudoCheckEvery().toMillis()));
        properties.addOverrideProperty("studio.brain.valetudo.breaker.open.seconds",
                Long.toString(devices.valetudoCheckEvery().multipliedBy(2).toSeconds()));
        if (!devices.valetudoConfigured()) {
            properties.addOverrideProperty("studio.brain.valetudo.broker.url", "tcp://valetudo.not-configured.invalid:1883");
        }
        // Only set when present: the Kamelet then leaves the user name and password out of the MQTT connect.
        devices.valetudoUsername().ifPresent(user -> properties.addOverrideProperty("studio.brain.valetudo.mqtt.username",
                user));
        devices.valetudoPassword().filter(p -> devices.valetudoConfigured()).ifPresent(password -> properties
                .addOverrideProperty("studio.brain.valetudo.mqtt.password", raw(password.reveal())));

        HomeAssistantVacuums vacuums = new HomeAssistantVacuums(Set.copyOf(devices.homeAssistantEntities()),
                devices.homeAssistantStaleAfter(), clock);
        camel.getRegistry().bind("homeAssistantNormalizer", new HomeAssistantNormalizer(vacuums));
        properties.addOverrideProperty("studio.brain.homeassistant.enabled",
                Boolean.toString(devices.homeAssistantConfigured()));
        properties.addOverrideProperty("studio.brain.homeassistant.poll.millis",
                Long.toString(devices.homeAssistantPollEvery().toMillis()));
        properties.addOverrideProperty("studio.brain.homeassistant.breaker.open.seconds",
                Long.toString(Math.max(1, devices.homeAssistantPollEvery().multipliedBy(2).toSeconds())));
        if (devices.homeAssistantConfigured()) {
            properties.addOverrideProperty("studio.brain.homeassistant.token", devices.homeAssistantToken().get().reveal());
        } else {
            // The switched-off route is still built; these lead nowhere and are never called.
            properties.addOverrideProperty("studio.brain.ha.url", "http://home-assistant.not-configured.invalid");
            properties.addOverrideProperty("studio.brain.homeassistant.token", "not-configured");
        }
    }

    /** A value Camel takes literally in an endpoint option, whatever characters it holds. */
    private static String raw(String value) {
        return value.contains(")") ? "RAW{" + value + "}" : "RAW(" + value + ")";
    }

    /**
     * Runs a polling route once now, as if its timer fired (the full poll a reconcile asks for), on its own thread so
     * the caller does not wait for the system.
     */
    private static void pollSoon(CamelContext camel, String routeId) {
        Thread thread = new Thread(() -> {
            org.apache.camel.Route route = camel.getRoute(routeId);
            if (route == null || !(route.getConsumer() instanceof org.apache.camel.support.DefaultConsumer consumer)) {
                LOG.warn("connector.reconcile_skipped", "component", "route:" + routeId, "reason", "route not running");
                return;
            }
            org.apache.camel.Exchange exchange = consumer.createExchange(false);
            try {
                consumer.getProcessor().process(exchange);
            } catch (Exception e) {
                LOG.warn("connector.reconcile_failed", "component", "route:" + routeId, "errorClass",
                        e.getClass().getName());
            } finally {
                consumer.releaseExchange(exchange, false);
            }
        }, "reconcile-" + routeId);
        thread.setDaemon(true);
        thread.start();
    }

    /** What the scorecard reads of each connector on the board: configured, and how available. */
    private static Optional<java.util.function.Supplier<List<studio.brain.scorecard.ConnectorView>>> connectorViews(
            CamelContext camel) {
        ConnectorBoard board = camel.getRegistry().lookupByNameAndType("connectorBoard", ConnectorBoard.class);
        if (board == null) {
            return Optional.empty();
        }
        return Optional.of(() -> board.names().stream()
                .map(name -> new studio.brain.scorecard.ConnectorView(name,
                        board.descriptor(name).map(ConnectorDescriptor::configured).orElse(false),
                        board.availability(name)))
                .toList());
    }

    /**
     * The KPI scorecard ({@code scorecard}) for its route and {@code GET /api/scorecard}: thresholds from the policies
     * folder, breaches proposed as notify.webhook notices through the gate when the policy names a channel. A refused
     * policy file leaves the scorecard off and a bad STUDIO_BRAIN_SCORECARD_CRON its schedule; the hub degraded, never
     * down. Connector health comes from the connector board.
     */
    private void wireScorecard(CamelContext camel) {
        studio.brain.scorecard.ScorecardSettings settings = studio.brain.scorecard.ScorecardSettings.DEFAULT;
        try {
            settings = studio.brain.scorecard.ScorecardSettings.of(
                    camel.getPropertiesComponent().resolveProperty(ConfigKey.SCORECARD_CRON.propertyName()));
        } catch (IllegalArgumentException e) {
            degradations.report("config:" + ConfigKey.SCORECARD_CRON.envName(), e.getMessage());
            settings = settings.off();
        }
        Path file = config.policiesDir().resolve(studio.brain.scorecard.ScorecardPolicyLoader.FILE_NAME);
        try {
            studio.brain.scorecard.ScorecardPolicy policy = studio.brain.scorecard.ScorecardPolicyLoader.load(file);
            camel.getRegistry().bind("scorecard", new studio.brain.scorecard.Scorecard(
                    new studio.brain.scorecard.Measurements(database::dataSource, clock, config.tenantId(),
                            connectorViews(camel)),
                    ledger, config.tenantId(), policy, policy.alertChannel()
                            .<studio.brain.scorecard.BreachAlerts>map(channel -> new studio.brain.scorecard.WebhookAlerts(
                                    gate, config.tenantId(), channel))
                            .orElse(studio.brain.scorecard.BreachAlerts.NONE)));
        } catch (studio.brain.gate.capability.PolicyFileException e) {
            degradations.report("policy:" + studio.brain.scorecard.ScorecardPolicyLoader.FILE_NAME, e.getMessage());
            settings = settings.off();
        }
        settings.exposeTo(camel.getPropertiesComponent());
    }

    private Optional<WebhookSignature> webhookSignature() {
        try {
            return config.intakeWebhookSecret().map(s -> new WebhookSignature(WebhookSecrets.parse(s.reveal())));
        } catch (IllegalArgumentException e) {
            // The message names the entry by position, never its text.
            degradations.report("intake:webhook-secret", ConfigKey.INTAKE_WEBHOOK_SECRET.envName() + ": "
                    + e.getMessage());
            return Optional.empty();
        }
    }

    /** The ledger's checkpoint key, named after the studio it serves. */
    public static SigningKey signingKey(HubConfig config) {
        return SigningKey.loadOrCreate(config.dataDir(), "studio-brain.local/" + config.tenantId());
    }

    private static String instanceId() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = "unknown-host";
        }
        return host + "/" + ManagementFactory.getRuntimeMXBean().getPid();
    }

    public CamelContext camel() {
        return main.getCamelContext();
    }

    public Degradations degradations() {
        return degradations;
    }

    public DatabaseStartup database() {
        return database;
    }

    public HubConfig config() {
        return config;
    }

    /** Blocks until {@link #close()} has run (from a shutdown hook, for the {@code run} command). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("hub.stopping");
        if (watcher != null) {
            watcher.close();
        }
        try {
            main.stop();
        } catch (Exception e) {
            LOG.warn("hub.stop_failed", "errorClass", e.getClass().getName());
        }
        if (relay != null) {
            relay.close();
        }
        if (gate != null) {
            gate.close();
        }
        if (cloud != null) {
            cloud.close();
        }
        if (intake != null) {
            intake.close();
        }
        if (ledger != null && database.isDone() && database.failure().isEmpty()) {
            try {
                ledger.append(AuditRecord.of(config.tenantId(), ActorType.SYSTEM, "hub", "hub.stopped").build());
            } catch (RuntimeException e) {
                LOG.warn("hub.stop_not_recorded", "errorClass", e.getClass().getName());
            }
            ledger.close();
        }
        database.close();
        LOG.info("hub.stopped");
        stopped.countDown();
    }
}
