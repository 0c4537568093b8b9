package studio.brain.assist.marketing;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** A templates file refused, with every problem found: file, line, template and reason. */
public final class MarketingTemplatesException extends Exception {
    private final transient List<Problem> problems;

    public MarketingTemplatesException(List<Problem> problems) {
        super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /**
     * @param line       1-based; {@code null} when the problem has no place (an unreadable file)
     * @param templateId {@code null} for a problem outside any template
     */
    public record Problem(Path file, Integer line, String templateId, String reason) {
        @Override
        public String toString() {
            return file + (line == null ? "" : ":" + line) + (templateId == null ? "" : " template " + templateId)
                    + ": " + reason;
        }
    }
}
