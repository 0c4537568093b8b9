package studio.brain.lint;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code studio-brain lint [--repo DIR] [--against REF] [--json]}: the governance lint, also a CI step. Exit 0 when
 * clean, 1 with findings, 2 on a usage error (an unknown option, a folder that is not a repository, a revision git
 * does not know). The rules are in {@code docs/lint.md}.
 */
@Command(name = "lint", mixinStandardHelpOptions = true,
        description = "Check capabilities, routes, Kamelets and policy files against the governance rules "
                + "(docs/lint.md). Exit 0 clean, 1 findings, 2 usage error.")
public final class LintCommand implements Callable<Integer> {
    public static final int CLEAN = 0;
    public static final int FINDINGS = 1;
    public static final int USAGE = 2;

    @Spec
    private CommandSpec spec;

    @Option(names = "--repo", paramLabel = "DIR", description = "The repository to check (default: the current "
            + "folder). It holds policies/, routes/ and connectors-yaml/.")
    private Path repo = Path.of(".");

    @Option(names = "--against", paramLabel = "REF", description = "Also list every loosening of "
            + "policies/capabilities.yaml since this git revision (branch, tag or commit).")
    private String against;

    @Option(names = "--json", description = "Print the findings as JSON instead of text.")
    private boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.isDirectory(repo.resolve(PolicySchemaLint.DIR))) {
            err.println("lint: " + repo.toAbsolutePath().normalize() + " is not a Studio Brain repository (no "
                    + PolicySchemaLint.DIR + "/ folder); pass --repo DIR");
            return USAGE;
        }
        List<Finding> findings;
        try {
            findings = Lint.run(repo, Optional.ofNullable(against));
        } catch (GitRevision.BadRevision e) {
            err.println("lint: --against: " + e.getMessage());
            return USAGE;
        }
        if (json) {
            out.println(asJson(findings));
        } else {
            findings.forEach(finding -> out.println(finding.toText()));
            out.println(findings.isEmpty() ? "lint: clean" : "lint: " + findings.size()
                    + (findings.size() == 1 ? " finding" : " findings"));
        }
        out.flush();
        return findings.isEmpty() ? CLEAN : FINDINGS;
    }

    private static String asJson(List<Finding> findings) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("clean", findings.isEmpty());
        ArrayNode list = root.putArray("findings");
        for (Finding finding : findings) {
            ObjectNode item = list.addObject();
            item.put("file", finding.file());
            if (finding.line() == null) {
                item.putNull("line");
            } else {
                item.put("line", finding.line());
            }
            item.put("rule", finding.rule());
            item.put("message", finding.message());
            item.put("hint", finding.hint());
        }
        return root.toPrettyString();
    }
}
