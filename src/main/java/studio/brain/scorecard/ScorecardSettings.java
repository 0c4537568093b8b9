package studio.brain.scorecard;

import java.util.Optional;
import org.apache.camel.spi.PropertiesComponent;
import org.quartz.CronExpression;
import studio.brain.config.ConfigKey;

/**
 * When the scorecard route runs: {@code STUDIO_BRAIN_SCORECARD_CRON}, every five minutes when not set. The route reads
 * the two placeholders this exposes, so a scorecard that is off (a refused policy file or cron) never starts it.
 */
public record ScorecardSettings(boolean enabled, String cron) {
    static final String ENABLED_PROPERTY = "studio.brain.scorecard.enabled";
    static final String SCHEDULE_PROPERTY = "studio.brain.scorecard.schedule";
    public static final String DEFAULT_CRON = "0 0/5 * * * ?";

    public static final ScorecardSettings DEFAULT = new ScorecardSettings(true, DEFAULT_CRON);

    /** From the configured value; a value that is not a Quartz cron is refused with the variable's name. */
    public static ScorecardSettings of(Optional<String> configured) {
        Optional<String> cron = configured.map(String::strip).filter(v -> !v.isEmpty());
        if (cron.isEmpty()) {
            return DEFAULT;
        }
        if (!CronExpression.isValidExpression(cron.get())) {
            throw new IllegalArgumentException(ConfigKey.SCORECARD_CRON.envName() + " is not a valid Quartz cron "
                    + "expression (seconds minutes hours day-of-month month day-of-week), got '" + cron.get()
                    + "'; the scheduled scorecard stays off");
        }
        return new ScorecardSettings(true, cron.get());
    }

    /** The same schedule, switched off (the route stays stopped). */
    public ScorecardSettings off() {
        return new ScorecardSettings(false, cron);
    }

    /** Makes {@code {{studio.brain.scorecard.enabled}}} and {@code {{studio.brain.scorecard.schedule}}} resolve. */
    public void exposeTo(PropertiesComponent properties) {
        properties.addOverrideProperty(ENABLED_PROPERTY, Boolean.toString(enabled));
        properties.addOverrideProperty(SCHEDULE_PROPERTY, cron);
    }
}
