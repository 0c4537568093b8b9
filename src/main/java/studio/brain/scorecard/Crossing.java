package studio.brain.scorecard;

/**
 * An indicator crossing into a worse status ({@code scorecard.breach}: ok to warning, ok or warning to critical) or
 * back out of one ({@code scorecard.recovered}).
 */
public record Crossing(IndicatorResult result, Status from) {
    public static final String BREACH = "scorecard.breach";
    public static final String RECOVERED = "scorecard.recovered";

    public boolean breach() {
        return result.status().severity() > from.severity();
    }

    public String action() {
        return breach() ? BREACH : RECOVERED;
    }
}
