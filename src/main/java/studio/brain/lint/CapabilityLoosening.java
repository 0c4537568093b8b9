package studio.brain.lint;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import studio.brain.gate.capability.Capability;
import studio.brain.gate.capability.CapabilityRegistry;
import studio.brain.gate.capability.CapabilityRegistryLoader;
import studio.brain.gate.capability.Limits;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.gate.capability.RateLimit;

/**
 * "Does the new policy allow anything the old one did not?": the capability registry of the working tree against
 * the one at a git revision, both read by the hub's own loader. Every loosening is a finding: approval dropped, risk
 * lowered, exemptable turned on, a safety class removed, a limit raised or removed, a cooldown shortened or removed,
 * an allowlist widened, a write capability enabled, a capability given write access. Tightenings are not listed.
 */
final class CapabilityLoosening {
    static final String APPROVAL_DROPPED = "against.approval-dropped";
    static final String RISK_LOWERED = "against.risk-lowered";
    static final String EXEMPTABLE_ON = "against.exemptable-on";
    static final String CLASS_DROPPED = "against.class-dropped";
    static final String LIMIT_RAISED = "against.limit-raised";
    static final String ALLOWLIST_WIDENED = "against.allowlist-widened";
    static final String WRITE_ENABLED = "against.write-enabled";
    static final String WRITE_ADDED = "against.write-added";
    static final String OLD_UNREADABLE = "against.old-unreadable";

    private static final String SCHEMA = "policies/" + CapabilityRegistryLoader.SCHEMA_FILE;
    private static final String REVIEW = "a reviewer confirms this loosening on purpose: say why in the change, "
            + "with the owner's agreement (docs/specs/exemptions.md)";

    private CapabilityLoosening() {
    }

    /**
     * The loosenings from the revision to the working tree. When the working tree's registry cannot be read there is
     * nothing to compare (the lint names its problems); when the revision's cannot, it counts as empty: the hub ran
     * on no capability at all then, so everything the new file allows is new.
     */
    static List<Finding> check(Path repo, GitRevision revision) throws GitRevision.BadRevision {
        Path current = repo.resolve(CapabilityLint.FILE);
        CapabilityRegistry now;
        YamlDocument document;
        try {
            now = CapabilityRegistryLoader.load(current);
            document = YamlDocument.read(current);
        } catch (PolicyFileException | YamlDocument.Unreadable e) {
            return List.of();
        }
        List<Finding> findings = new ArrayList<>();
        Map<String, Capability> before = Map.of();
        Optional<String> oldText = revision.read(CapabilityLint.FILE);
        if (oldText.isPresent()) {
            try {
                before = byId(loadOld(repo, revision, oldText.get()));
            } catch (PolicyFileException e) {
                findings.add(new Finding(CapabilityLint.FILE, null, OLD_UNREADABLE, "the registry at "
                        + revision.ref() + " cannot be read (" + e.problems().get(0).reason() + "); every capability "
                        + "of the working tree counts as new", REVIEW));
            }
        }
        List<Capability> capabilities = now.all();
        for (int i = 0; i < capabilities.size(); i++) {
            Capability after = capabilities.get(i);
            Capability old = before.get(after.id());
            Where where = new Where(document, i, "capability '" + after.id() + "'");
            if (old == null) {
                added(after, where, revision.ref(), findings);
            } else {
                changed(old, after, where, findings);
            }
        }
        return findings;
    }

    private static void added(Capability after, Where where, String ref, List<Finding> findings) {
        if (after.isWrite()) {
            findings.add(where.finding("mode", WRITE_ADDED, "is new since " + ref + " and writes"));
            if (after.enabled()) {
                findings.add(where.finding("enabled", WRITE_ENABLED, "is a new write capability and is enabled"));
            }
        }
    }

    private static void changed(Capability old, Capability after, Where where, List<Finding> findings) {
        if (after.isWrite() && !old.isWrite()) {
            findings.add(where.finding("mode", WRITE_ADDED, "was a read and now writes"));
        }
        if (after.isWrite() && after.enabled() && !(old.isWrite() && old.enabled())) {
            findings.add(where.finding("enabled", WRITE_ENABLED, "writes and is now enabled (it was "
                    + (old.enabled() ? "a read" : "disabled") + ")"));
        }
        if (old.requiresApproval() && !after.requiresApproval()) {
            findings.add(where.finding("approval", APPROVAL_DROPPED, "no longer requires approval"));
        }
        if (after.risk().compareTo(old.risk()) < 0) {
            findings.add(where.finding("risk", RISK_LOWERED, "risk lowered from " + old.risk().yamlName() + " to "
                    + after.risk().yamlName()));
        }
        if (after.exemptable() && !old.exemptable()) {
            findings.add(where.finding("exemptable", EXEMPTABLE_ON, "is now exemptable from approval"));
        }
        if (old.safetyClass().isPresent() && !old.safetyClass().equals(after.safetyClass())) {
            findings.add(where.finding("class", CLASS_DROPPED, "lost its safety class '"
                    + old.safetyClass().get().yamlName() + "'"));
        }
        limits(old.limits(), after.limits(), where, findings);
        allowlist(old.allowlist(), after.allowlist(), where, findings);
    }

    private static void limits(Limits old, Limits after, Where where, List<Finding> findings) {
        Map<String, Function<Limits, Optional<RateLimit>>> scopes = Map.of(
                "perActor", Limits::perActor, "perOwner", Limits::perOwner,
                "perCapability", Limits::perCapability, "perTenant", Limits::perTenant);
        for (String scope : scopes.keySet().stream().sorted().toList()) {
            Optional<RateLimit> was = scopes.get(scope).apply(old);
            Optional<RateLimit> is = scopes.get(scope).apply(after);
            if (was.isEmpty()) {
                continue;
            }
            if (is.isEmpty()) {
                findings.add(where.finding("limits", LIMIT_RAISED, "limits." + scope + " removed (was "
                        + describe(was.get()) + ")"));
            } else if (is.get().max() > was.get().max() || is.get().window().compareTo(was.get().window()) < 0) {
                findings.add(where.finding("limits", LIMIT_RAISED, "limits." + scope + " raised from "
                        + describe(was.get()) + " to " + describe(is.get())));
            }
        }
        if (old.cooldown().isPresent()) {
            Duration was = old.cooldown().get();
            if (after.cooldown().isEmpty()) {
                findings.add(where.finding("limits", LIMIT_RAISED, "limits.cooldown removed (was " + was + ")"));
            } else if (after.cooldown().get().compareTo(was) < 0) {
                findings.add(where.finding("limits", LIMIT_RAISED, "limits.cooldown shortened from " + was + " to "
                        + after.cooldown().get()));
            }
        }
    }

    private static void allowlist(Optional<List<String>> old, Optional<List<String>> after, Where where,
                                  List<Finding> findings) {
        if (old.isEmpty()) {
            return; // no allowlist before: every target was already allowed
        }
        if (after.isEmpty()) {
            findings.add(where.finding("allowlist", ALLOWLIST_WIDENED, "allowlist removed: every target is allowed"));
            return;
        }
        List<String> added = after.get().stream().filter(entry -> !old.get().contains(entry)).toList();
        if (!added.isEmpty()) {
            findings.add(where.finding("allowlist", ALLOWLIST_WIDENED, "allowlist widened by " + added));
        }
    }

    private static String describe(RateLimit limit) {
        return limit.max() + " per " + limit.window();
    }

    private static Map<String, Capability> byId(CapabilityRegistry registry) {
        return registry.all().stream().collect(Collectors.toMap(Capability::id, Function.identity()));
    }

    /** The old registry, read by the hub's loader against the schema of its own revision (or today's, if none). */
    private static CapabilityRegistry loadOld(Path repo, GitRevision revision, String text)
            throws PolicyFileException, GitRevision.BadRevision {
        String schema = revision.read(SCHEMA).orElseGet(() -> readString(repo.resolve(SCHEMA)));
        Path dir = null;
        try {
            dir = Files.createTempDirectory("studio-brain-lint-");
            Path file = dir.resolve("capabilities.yaml");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            Path schemaFile = Files.createDirectories(file.resolveSibling("schema"))
                    .resolve("capabilities.schema.json");
            Files.writeString(schemaFile, schema, StandardCharsets.UTF_8);
            return CapabilityRegistryLoader.load(file, schemaFile);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot stage the old capability registry", e);
        } finally {
            deleteQuietly(dir);
        }
    }

    private static String readString(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // A temporary folder left behind holds only a copy of a file from the repository.
        }
    }

    /** Where a capability's field sits in the working tree's file, for the finding's line. */
    private record Where(YamlDocument document, int index, String who) {
        Finding finding(String field, String rule, String what) {
            return new Finding(CapabilityLint.FILE, document.lineOf(List.of("capabilities", index, field)), rule,
                    who + " " + what, REVIEW);
        }
    }
}
