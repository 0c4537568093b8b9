package studio.brain.assist.marketing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class MarketingTemplatesLoaderTest {
    private static final Path FILE = Path.of("marketing-templates.yaml");

    private static final String GOOD = """
              - id: open-kiln-slots
                channel: instagram
                title: "Kiln space"
                body: "Only {counts.firingsScheduled} firings."
                when: "counts.firingsScheduled < 6"
                confidence: "At snapshot time."
            """;

    private static MarketingTemplatesException refused(String text) {
        try {
            MarketingTemplatesLoader.parse(FILE, text);
        } catch (MarketingTemplatesException e) {
            return e;
        }
        throw new AssertionError("the file was accepted");
    }

    @Test
    void theShippedTemplatesLoad() throws Exception {
        MarketingTemplates t = MarketingTemplatesLoader.load(Path.of("policies/marketing-templates.yaml"));
        assertThat(t.version()).isNotBlank();
        assertThat(t.templates()).extracting(MarketingTemplate::id)
                .containsExactly("weekly-digest", "open-kiln-slots", "class-fill-up");
        assertThat(t.templates()).extracting(MarketingTemplate::channel)
                .containsExactly("newsletter", "instagram", "website");
        assertThat(t.templates().get(1).when()).extracting(Object::toString)
                .containsExactly("counts.firingsScheduled < 6");
    }

    @Test
    void aGoodTemplateIsReadWithItsConditionAndLine() throws Exception {
        MarketingTemplates t = MarketingTemplatesLoader.parse(FILE, "version: v1\ntemplates:\n" + GOOD);
        MarketingTemplate template = t.templates().get(0);
        assertThat(template.line()).isEqualTo(3);
        assertThat(template.when()).containsExactly(
                new MarketingTemplate.Condition("counts.firingsScheduled", "<", 6));
        assertThat(template.when().get(0).test(5)).isTrue();
        assertThat(template.when().get(0).test(6)).isFalse();
    }

    @Test
    void anUnknownPlaceholderIsRefusedWithFileLineTemplateAndReason() {
        MarketingTemplatesException e = refused("version: v1\ntemplates:\n"
                + GOOD.replace("{counts.firingsScheduled} firings", "{counts.kilnSlots} firings"));
        assertThat(e.problems()).singleElement().satisfies(p -> {
            assertThat(p.file()).isEqualTo(FILE);
            assertThat(p.line()).isEqualTo(6);
            assertThat(p.templateId()).isEqualTo("open-kiln-slots");
            assertThat(p.reason()).contains("unknown placeholder {counts.kilnSlots}");
        });
        assertThat(e.getMessage()).contains("marketing-templates.yaml:6 template open-kiln-slots");
    }

    @Test
    void badFieldsAreAllReported() {
        MarketingTemplatesException e = refused("version: v1\ntemplates:\n" + GOOD
                .replace("channel: instagram", "channel: tiktok")
                .replace("counts.firingsScheduled < 6", "firings are few")
                .replace("confidence: \"At snapshot time.\"", "colour: red"));
        assertThat(e.problems()).extracting(MarketingTemplatesException.Problem::reason).anySatisfy(r ->
                assertThat(r).contains("'channel' must be one of")).anySatisfy(r ->
                assertThat(r).contains("'when' condition must read")).anySatisfy(r ->
                assertThat(r).contains("unknown field 'colour'")).anySatisfy(r ->
                assertThat(r).contains("'confidence' is missing"));
        assertThat(e.problems()).allSatisfy(p -> assertThat(p.templateId()).isEqualTo("open-kiln-slots"));
    }

    @Test
    void unknownConditionMetricsDuplicateIdsAndLongTitlesAreRefused() {
        assertThat(refused("version: v1\ntemplates:\n" + GOOD.replace("counts.firingsScheduled < 6",
                "counts.kilns < 6")).getMessage()).contains("unknown metric 'counts.kilns'");
        assertThat(refused("version: v1\ntemplates:\n" + GOOD + GOOD).getMessage())
                .contains("template id 'open-kiln-slots' appears twice");
        assertThat(refused("version: v1\ntemplates:\n" + GOOD.replace("Kiln space", "K".repeat(121)))
                .getMessage()).contains("'title' is longer than 120");
    }

    @Test
    void aBrokenOrEmptyFileIsRefused() {
        assertThat(refused("version: v1\ntemplates: []\n").getMessage()).contains("'templates' must be a non-empty list");
        assertThat(refused("templates:\n" + GOOD).getMessage()).contains("'version' is missing");
        MarketingTemplatesException yaml = refused("version: v1\ntemplates:\n  - id: [unclosed\n");
        assertThat(yaml.getMessage()).contains("not valid YAML");
        assertThat(yaml.problems().get(0).line()).isNotNull();
        assertThat(refused("- just a list\n").getMessage()).contains("must be a mapping");
        assertThatThrownBy(() -> MarketingTemplatesLoader.load(Path.of("no/such/file.yaml")))
                .isInstanceOf(MarketingTemplatesException.class).hasMessageContaining("cannot read the file");
    }
}
