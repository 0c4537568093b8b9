package studio.brain.devices.contract;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * Writes {@code target/connector-contract/<connector>.json}: each contract check passed, failed (with the reason)
 * or not applicable (with the connector's reason), and whether the connector passed as a whole.
 */
public final class ContractSummary implements TestWatcher, AfterAllCallback {
    private static final Map<Class<?>, Map<String, Object>> RESULTS = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void testSuccessful(ExtensionContext context) {
        put(context, "pass", null);
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        put(context, "fail", String.valueOf(cause.getMessage()).lines().filter(l -> !l.isBlank()).limit(3)
                .map(String::strip).reduce((a, b) -> a + " " + b).orElse(cause.getClass().getSimpleName()));
    }

    @Override
    public void testAborted(ExtensionContext context, Throwable cause) {
        put(context, "not applicable", String.valueOf(cause.getMessage()).replace("Assumption failed: ", ""));
    }

    @Override
    public void testDisabled(ExtensionContext context, Optional<String> reason) {
        put(context, "fail", "disabled checks do not count as passed");
    }

    private static void put(ExtensionContext context, String outcome, String reason) {
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("outcome", outcome);
        if (reason != null) {
            check.put("reason", reason);
        }
        RESULTS.computeIfAbsent(context.getRequiredTestClass(), c -> new java.util.concurrent.ConcurrentSkipListMap<>())
                .put(context.getDisplayName(), check);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        Object instance = context.getTestInstance().orElse(null);
        if (!(instance instanceof ConnectorContract contract)) {
            return;
        }
        Map<String, Object> checks = RESULTS.getOrDefault(context.getRequiredTestClass(), Map.of());
        boolean passed = !checks.isEmpty() && checks.values().stream()
                .noneMatch(c -> "fail".equals(((Map<?, ?>) c).get("outcome")));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("connector", contract.fixture().connector());
        summary.put("testClass", context.getRequiredTestClass().getName());
        summary.put("passed", passed);
        summary.put("checks", checks);
        Path dir = Files.createDirectories(Path.of("target", "connector-contract"));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve(contract.fixture().connector() + ".json").toFile(), summary);
    }
}
