package studio.brain.lint;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The governance lint of a Studio Brain repository: the capability registry's rules, the route guard over every
 * route file, the connector Kamelets' descriptions and secrets, every policy file against its JSON Schema, and,
 * against a git revision, every loosening of the capability registry. Reads files only; starts nothing.
 */
public final class Lint {
    private static final Comparator<Finding> ORDER = Comparator.comparing(Finding::file)
            .thenComparing(Finding::line, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Finding::rule);

    private Lint() {
    }

    /**
     * Every finding in the repository, sorted by file and line.
     *
     * @param against a git revision to compare the capability registry with, or empty
     * @throws GitRevision.BadRevision when the revision cannot be read (a usage error, not a finding)
     */
    public static List<Finding> run(Path repo, Optional<String> against) throws GitRevision.BadRevision {
        Path root = repo.toAbsolutePath().normalize();
        GitRevision revision = against.isPresent() ? GitRevision.of(root, against.get()) : null;
        List<Finding> findings = new ArrayList<>();
        findings.addAll(CapabilityLint.check(root));
        findings.addAll(PolicySchemaLint.check(root));
        findings.addAll(RouteLint.check(root));
        findings.addAll(KameletLint.check(root));
        if (revision != null) {
            findings.addAll(CapabilityLoosening.check(root, revision));
        }
        findings.sort(ORDER);
        return List.copyOf(findings);
    }

    /** The path as findings name it: relative to the repository, with forward slashes. */
    static String relative(Path repo, Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        Path root = repo.toAbsolutePath().normalize();
        Path shown = absolute.startsWith(root) ? root.relativize(absolute) : absolute;
        return shown.toString().replace('\\', '/');
    }
}
