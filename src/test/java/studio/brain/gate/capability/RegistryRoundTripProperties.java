package studio.brain.gate.capability;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever valid registry an integrator writes, the loader reads back exactly that registry. */
class RegistryRoundTripProperties {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    @Property(tries = 200)
    void anyValidRegistryWrittenAsYamlLoadsBackEqual(@ForAll("registries") List<Capability> capabilities)
            throws Exception {
        String yaml = CapabilityYamlWriter.yaml("3.0", capabilities);
        Path file = Files.createTempFile("capabilities", ".yaml");
        try {
            Files.writeString(file, yaml);
            CapabilityRegistry loaded = CapabilityRegistryLoader.load(file, CapabilityRegistryLoaderTest.SCHEMA);
            assertThat(loaded.version()).isEqualTo("3.0");
            assertThat(loaded.all()).as(yaml).isEqualTo(capabilities);
            assertThat(loaded.hash()).as("the file and the same registry built in code hash alike")
                    .isEqualTo(CapabilityRegistry.of("3.0", capabilities).hash());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Provide
    Arbitrary<List<Capability>> registries() {
        return capabilities().list().ofMaxSize(6).uniqueElements(Capability::id);
    }

    private Arbitrary<Capability> capabilities() {
        Arbitrary<Head> heads = Combinators.combine(ids(), texts(200), Arbitraries.of(Target.class),
                Arbitraries.of(Mode.class), Arbitraries.of(Risk.class), Arbitraries.of(Approval.class),
                Arbitraries.of(SafetyClass.class).optional(), Arbitraries.of(true, false)).as(Head::new);
        Arbitrary<Tail> tails = Combinators.combine(Arbitraries.of(true, false), limits(), texts(120), texts(300),
                Arbitraries.of(true, false), actionSchemas().optional(), allowlists()).as(Tail::new);
        return Combinators.combine(heads, tails).as(RegistryRoundTripProperties::keepingTheRules);
    }

    /** The generated parts, bent where needed to keep the registry's rules (docs/capabilities.md). */
    private static Capability keepingTheRules(Head head, Tail tail) {
        boolean write = head.mode() == Mode.WRITE;
        Approval approval = write ? Approval.REQUIRED : head.approval();
        boolean exemptable = head.exemptableWish() && head.safetyClass().isEmpty() && approval == Approval.REQUIRED;
        String rollback = write && tail.rollback().strip().toLowerCase(Locale.ROOT).startsWith("none")
                ? "undo: " + tail.rollback() : tail.rollback();
        Optional<JsonNode> actionSchema = write && tail.actionSchema().isEmpty()
                ? Optional.of(JSON.objectNode().put("type", "object")) : tail.actionSchema();
        return new Capability(head.id(), head.title(), head.target(), head.mode(), head.risk(), approval, exemptable,
                head.safetyClass(), tail.enabled(), tail.limits(), tail.owner(), rollback, tail.dryRun(),
                actionSchema, tail.allowlist());
    }

    private record Head(String id, String title, Target target, Mode mode, Risk risk, Approval approval,
                        Optional<SafetyClass> safetyClass, boolean exemptableWish) {
    }

    private record Tail(boolean enabled, Limits limits, String owner, String rollback, boolean dryRun,
                        Optional<JsonNode> actionSchema, Optional<List<String>> allowlist) {
    }

    private static Arbitrary<String> ids() {
        Arbitrary<String> word = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(3)
                .flatMap(first -> Arbitraries.strings().withCharRange('a', 'z').numeric().withChars('_')
                        .ofMaxLength(8).map(rest -> first.charAt(0) + rest));
        return word.list().ofMinSize(2).ofMaxSize(4).map(words -> String.join(".", words));
    }

    /** Text an integrator might type, including what YAML must quote: colons, hashes, quotes, leading dashes. */
    private static Arbitrary<String> texts(int maxLength) {
        return Arbitraries.strings().alpha().numeric().withChars(" :#'\"-&*!|>{}[],%@`?.;/\\éüø日本")
                .ofMinLength(1).ofMaxLength(Math.min(maxLength, 60))
                .filter(text -> !text.isBlank());
    }

    private static Arbitrary<Duration> durations() {
        return Combinators.combine(Arbitraries.integers().between(0, 400), Arbitraries.integers().between(0, 23),
                        Arbitraries.integers().between(0, 59), Arbitraries.integers().between(0, 59))
                .as((days, hours, minutes, seconds) -> Duration.ofDays(days).plusHours(hours).plusMinutes(minutes)
                        .plusSeconds(seconds))
                .filter(duration -> !duration.isZero());
    }

    private static Arbitrary<Optional<RateLimit>> rateLimits() {
        return Combinators.combine(Arbitraries.integers().between(1, 1_000_000), durations()).as(RateLimit::new)
                .optional();
    }

    private static Arbitrary<Limits> limits() {
        return Combinators.combine(rateLimits(), rateLimits(), rateLimits(), rateLimits(), durations().optional())
                .as(Limits::new);
    }

    private static Arbitrary<Optional<List<String>>> allowlists() {
        return texts(200).list().ofMaxSize(4).uniqueElements().optional();
    }

    /** An object schema with a few fields of the kinds action inputs have. */
    private static Arbitrary<JsonNode> actionSchemas() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(10);
        Arbitrary<JsonNode> fields = Arbitraries.oneOf(
                Combinators.combine(Arbitraries.integers().between(0, 10), Arbitraries.integers().between(10, 5000))
                        .as((min, max) -> JSON.objectNode().put("type", "string").put("minLength", min)
                                .put("maxLength", max)),
                texts(20).list().ofMinSize(1).ofMaxSize(4).uniqueElements().map(values -> {
                    ObjectNode field = JSON.objectNode();
                    values.forEach(field.putArray("enum")::add);
                    return field;
                }),
                Arbitraries.integers().between(-1000, 1000).map(min -> JSON.objectNode().put("type", "integer")
                        .put("minimum", min).put("maximum", min + 1000)),
                Arbitraries.just(JSON.objectNode().put("type", "boolean")));
        return Combinators.combine(Arbitraries.maps(names, fields).ofMaxSize(4), Arbitraries.of(true, false))
                .as((properties, closed) -> {
                    ObjectNode schema = JSON.objectNode().put("type", "object");
                    if (closed) {
                        schema.put("additionalProperties", false);
                    }
                    ObjectNode declared = schema.putObject("properties");
                    properties.forEach(declared::set);
                    if (!properties.isEmpty()) {
                        schema.putArray("required").add(properties.keySet().iterator().next());
                    }
                    return schema;
                });
    }
}
