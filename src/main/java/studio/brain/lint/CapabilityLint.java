package studio.brain.lint;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import studio.brain.gate.capability.CapabilityRegistryLoader;
import studio.brain.gate.capability.PolicyFileException;
import studio.brain.gate.capability.PolicyProblem;

/**
 * The capability registry's governance rules: every capability names its risk, owner, approval mode and rollback
 * plan; a write waits for approval; a capability with a safety class, or of high or critical risk, is never
 * exemptable. Then the hub's own loader ({@link CapabilityRegistryLoader}: the JSON Schema and the registry's rules)
 * reads the file, so the lint never passes a file the hub would refuse.
 */
final class CapabilityLint {
    static final String FILE = "policies/capabilities.yaml";
    static final String FIELDS = "capability.governance-fields";
    static final String WRITE_APPROVAL = "capability.write-approval";
    static final String NOT_EXEMPTABLE = "capability.not-exemptable";
    static final String WRITE_ROLLBACK = "capability.write-rollback";
    static final String REGISTRY = "capability.registry";

    /** Risks whose capabilities always wait for a human, whatever their class. */
    private static final Set<String> NEVER_EXEMPT_RISKS = Set.of("high", "critical");
    private static final List<String> GOVERNANCE_FIELDS = List.of("risk", "owner", "approval", "rollback");

    private CapabilityLint() {
    }

    static List<Finding> check(Path repo) {
        Path file = repo.resolve(FILE);
        if (!Files.isRegularFile(file)) {
            return List.of(new Finding(FILE, null, REGISTRY, "the capability registry is missing",
                    "restore " + FILE + "; the hub denies everything without it (docs/capabilities.md)"));
        }
        YamlDocument document;
        try {
            document = YamlDocument.read(file);
        } catch (YamlDocument.Unreadable e) {
            return List.of(new Finding(FILE, e.line(), REGISTRY, e.getMessage(), "fix the YAML at that line"));
        }
        List<Named> named = governance(document);
        List<Finding> findings = new ArrayList<>(named.stream().map(Named::finding).toList());
        findings.addAll(loaderProblems(repo, file, named));
        return findings;
    }

    /** A governance finding and the field it is about, so the loader's problem on that field is not repeated. */
    private record Named(Finding finding, String field) {
    }

    private static List<Named> governance(YamlDocument document) {
        List<Named> findings = new ArrayList<>();
        JsonNode entries = document.json().path("capabilities");
        for (int i = 0; i < entries.size(); i++) {
            JsonNode entry = entries.get(i);
            if (!entry.isObject()) {
                continue; // the schema names it
            }
            String who = entry.path("id").isTextual() ? "capability '" + entry.get("id").asText() + "'"
                    : "capabilities[" + i + "]";
            for (String field : GOVERNANCE_FIELDS) {
                if (!entry.path(field).isTextual() || entry.get(field).asText().isBlank()) {
                    findings.add(new Named(new Finding(FILE, document.lineOf(List.of("capabilities", i, field)),
                            FIELDS, who + " has no " + field, hintFor(field)), field));
                }
            }
            boolean write = "write".equals(entry.path("mode").asText());
            if (write && !"required".equals(entry.path("approval").asText())) {
                findings.add(new Named(new Finding(FILE, document.lineOf(List.of("capabilities", i, "approval")),
                        WRITE_APPROVAL, who + " writes without approval: required",
                        "set approval: required; nothing outside the hub changes without a recorded human decision"),
                        "approval"));
            }
            if (entry.path("exemptable").asBoolean(false)) {
                String safetyClass = entry.path("class").asText("");
                String risk = entry.path("risk").asText("");
                if (!safetyClass.isEmpty() || NEVER_EXEMPT_RISKS.contains(risk)) {
                    String why = !safetyClass.isEmpty() ? "of class '" + safetyClass + "'" : "of " + risk + " risk";
                    findings.add(new Named(new Finding(FILE, document.lineOf(List.of("capabilities", i, "exemptable")),
                            NOT_EXEMPTABLE, who + " is " + why + " and exemptable",
                            "set exemptable: false; doors, locks, mains power, mobility, payments and every high or "
                                    + "critical risk always wait for a human (docs/specs/exemptions.md)"), "exemptable"));
                }
            }
            if (write && entry.path("rollback").asText("").strip().toLowerCase(Locale.ROOT).startsWith("none")) {
                findings.add(new Named(new Finding(FILE, document.lineOf(List.of("capabilities", i, "rollback")),
                        WRITE_ROLLBACK, who + " writes and has no rollback plan",
                        "describe how to undo a use, or name the capability that undoes it; 'none' is for reads"),
                        "rollback"));
            }
        }
        return findings;
    }

    private static String hintFor(String field) {
        return switch (field) {
            case "risk" -> "add risk: low | medium | high | critical (docs/capabilities.md)";
            case "owner" -> "add owner: the team or person who answers for the capability";
            case "approval" -> "add approval: required (writes) or none (reads)";
            default -> "add rollback: how to undo a use; reads write 'none: read-only'";
        };
    }

    /**
     * The hub's own verdict on the file. Its reasons read {@code capability '<id>' <field>: <why>}; a problem about a
     * field on the line a governance rule already named is the same problem, and is not repeated.
     */
    private static List<Finding> loaderProblems(Path repo, Path file, List<Named> named) {
        try {
            CapabilityRegistryLoader.load(file);
            return List.of();
        } catch (PolicyFileException e) {
            List<Finding> findings = new ArrayList<>();
            for (PolicyProblem problem : e.problems()) {
                if (named.stream().anyMatch(n -> n.finding().line().equals(problem.line())
                        && problem.reason().contains("' " + n.field() + ":"))) {
                    continue;
                }
                findings.add(new Finding(Lint.relative(repo, problem.file()), problem.line(), REGISTRY,
                        problem.reason(), "the hub refuses this file as it stands; the rules and the schema are in "
                        + "docs/capabilities.md and policies/schema/capabilities.schema.json"));
            }
            return findings;
        }
    }
}
