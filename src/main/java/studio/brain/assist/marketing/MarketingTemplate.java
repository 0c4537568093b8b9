package studio.brain.assist.marketing;

import java.util.List;

/**
 * One marketing template: the channel it drafts for, its title and body with {@code {placeholders}}, the
 * conditions on snapshot values that must all hold for it to be drafted, and the confidence note drafts carry.
 *
 * @param line the template's line in its file, for messages
 */
public record MarketingTemplate(String id, String channel, String title, String body, List<Condition> when,
                                String confidenceNote, int line) {
    public MarketingTemplate {
        when = List.copyOf(when);
    }

    /** {@code <metric> <op> <number>}, e.g. {@code counts.firingsScheduled < 6}. */
    public record Condition(String metric, String op, double number) {
        public boolean test(double value) {
            return switch (op) {
                case "<" -> value < number;
                case "<=" -> value <= number;
                case ">" -> value > number;
                case ">=" -> value >= number;
                case "==" -> value == number;
                case "!=" -> value != number;
                default -> throw new IllegalStateException("unknown operator " + op);
            };
        }

        @Override
        public String toString() {
            return metric + " " + op + " " + MarketingDrafter.format(number);
        }
    }
}
