package studio.brain.retention;

import java.util.Optional;
import org.apache.camel.spi.PropertiesComponent;
import org.quartz.CronExpression;
import studio.brain.config.ConfigKey;

/**
 * Whether the scheduled purge runs, and when: {@code STUDIO_BRAIN_RETENTION_CRON} set means on at that cron, empty
 * means off. The route reads the two placeholders this exposes, so an off purge's route is never started.
 */
public record RetentionSettings(boolean enabled, String cron) {
    static final String ENABLED_PROPERTY = "studio.brain.retention.enabled";
    static final String SCHEDULE_PROPERTY = "studio.brain.retention.schedule";
    /** Placeholder schedule of a route that is never started, so the route file still reads the same. */
    private static final String UNUSED_CRON = "0 45 3 * * ?";

    public static final RetentionSettings OFF = new RetentionSettings(false, UNUSED_CRON);

    /** From the configured value; a value that is not a Quartz cron is refused with the variable's name. */
    public static RetentionSettings of(Optional<String> configured) {
        Optional<String> cron = configured.map(String::strip).filter(v -> !v.isEmpty());
        if (cron.isEmpty()) {
            return OFF;
        }
        if (!CronExpression.isValidExpression(cron.get())) {
            throw new IllegalArgumentException(ConfigKey.RETENTION_CRON.envName() + " is not a valid Quartz cron "
                    + "expression (seconds minutes hours day-of-month month day-of-week), got '" + cron.get()
                    + "'; the retention purge stays off");
        }
        return new RetentionSettings(true, cron.get());
    }

    /** Makes {@code {{studio.brain.retention.enabled}}} and {@code {{studio.brain.retention.schedule}}} resolve. */
    public void exposeTo(PropertiesComponent properties) {
        properties.addOverrideProperty(ENABLED_PROPERTY, Boolean.toString(enabled));
        properties.addOverrideProperty(SCHEDULE_PROPERTY, cron);
    }
}
