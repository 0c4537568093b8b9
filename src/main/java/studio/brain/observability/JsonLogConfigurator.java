package studio.brain.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ConfiguratorRank;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import java.util.Map;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LogstashMarkersJsonProvider;
import net.logstash.logback.composite.loggingevent.MdcJsonProvider;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import net.logstash.logback.mask.MaskingJsonGeneratorDecorator;
import net.logstash.logback.stacktrace.ShortenedThrowableConverter;

/**
 * The hub's log format, set up in code rather than logback.xml: parsing XML costs about half a second of start-up.
 * One JSON object per line on standard output — ts, level, component, message, requestId / jobId / routeId from
 * the MDC, the event and its fields from markers, and a shortened stack trace — with every string value passing
 * the {@link SecretValueMasker}.
 */
@ConfiguratorRank(ConfiguratorRank.CUSTOM_HIGH_PRIORITY)
public final class JsonLogConfigurator extends ContextAwareBase implements Configurator {
    private static final Map<String, String> MDC_FIELDS = Map.of(
            "camel.routeId", "routeId",
            "camel.exchangeId", "exchangeId",
            "camel.breadcrumbId", "requestId",
            "jobId", "jobId");
    private static final Map<String, Level> QUIET = Map.of(
            "org.quartz", Level.WARN,
            "com.zaxxer.hikari", Level.WARN,
            "org.flywaydb", Level.WARN,
            "io.zonky", Level.WARN,
            "io.vertx", Level.WARN,
            "io.netty", Level.WARN,
            "org.apache.camel.main.BaseMainSupport", Level.WARN,
            "org.apache.camel.component.platform.http.main.MainHttpServerUtil", Level.WARN);

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setContext(context);
        console.setName("JSON");
        console.setEncoder(encoder(context));
        console.start();
        ch.qos.logback.classic.Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.INFO);
        root.addAppender(console);
        QUIET.forEach((name, level) -> context.getLogger(name).setLevel(level));
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }

    private static LoggingEventCompositeJsonEncoder encoder(LoggerContext context) {
        LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
        encoder.setContext(context);

        LoggingEventFormattedTimestampJsonProvider ts = new LoggingEventFormattedTimestampJsonProvider();
        ts.setFieldName("ts");
        ts.setTimeZone("UTC");
        LogLevelJsonProvider level = new LogLevelJsonProvider();
        level.setFieldName("level");
        LoggerNameJsonProvider component = new LoggerNameJsonProvider();
        component.setFieldName("component");
        component.setShortenedLoggerNameLength(0);
        MdcJsonProvider mdc = new MdcJsonProvider();
        MDC_FIELDS.forEach((key, field) -> {
            mdc.addIncludeMdcKeyName(key);
            mdc.addMdcKeyFieldName(key + "=" + field);
        });
        ShortenedThrowableConverter throwables = new ShortenedThrowableConverter();
        throwables.setMaxDepthPerThrowable(20);
        throwables.setRootCauseFirst(true);
        StackTraceJsonProvider stackTrace = new StackTraceJsonProvider();
        stackTrace.setThrowableConverter(throwables);

        encoder.getProviders().addProvider(ts);
        encoder.getProviders().addProvider(level);
        encoder.getProviders().addProvider(component);
        encoder.getProviders().addProvider(new MessageJsonProvider());
        encoder.getProviders().addProvider(mdc);
        encoder.getProviders().addProvider(new LogstashMarkersJsonProvider());
        encoder.getProviders().addProvider(stackTrace);

        MaskingJsonGeneratorDecorator masking = new MaskingJsonGeneratorDecorator();
        masking.addValueMasker(new SecretValueMasker());
        masking.start();
        encoder.setJsonGeneratorDecorator(masking);
        encoder.start();
        return encoder;
    }
}
