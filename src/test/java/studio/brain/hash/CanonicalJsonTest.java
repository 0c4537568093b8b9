package studio.brain.hash;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 8785 examples: number formatting, string escaping and key order. */
class CanonicalJsonTest {

    @Test
    void theRfcsMainExample() {
        String input = "{\n  \"numbers\": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],\n"
                + "  \"string\": \"\\u20ac$\\u000F\\u000aA'\\u0042\\u0022\\u005c\\\\\\\"\\/\",\n"
                + "  \"literals\": [null, true, false]\n}";
        assertThat(CanonicalJson.of(new CanonicalJson.Json(input))).isEqualTo(
                "{\"literals\":[null,true,false],\"numbers\":[333333333.3333333,1e+30,4.5,0.002,1e-27],"
                        + "\"string\":\"\u20ac$\\u000f\\nA'B\\\"\\\\\\\\\\\"/\"}");
    }

    @Test
    void keysAreSortedByUtf16CodeUnits() {
        String input = "{\"\\u20ac\":\"Euro Sign\",\"\\r\":\"Carriage Return\",\"\\ufb33\":\"Hebrew Letter Dalet With "
                + "Dagesh\",\"1\":\"One\",\"\\ud83d\\ude00\":\"Emoji: Grinning Face\",\"\\u0080\":\"Control\","
                + "\"\\u00f6\":\"Latin Small Letter O With Diaeresis\"}";
        String canonical = CanonicalJson.of(new CanonicalJson.Json(input));
        List<String> order = List.of("Carriage Return", "One", "Control", "Latin Small", "Euro Sign", "Emoji",
                "Hebrew");
        int last = -1;
        for (String value : order) {
            int at = canonical.indexOf(value);
            assertThat(at).as(value).isGreaterThan(last);
            last = at;
        }
    }

    @ParameterizedTest
    @CsvSource({
            "0, 0", "-0, 0", "1E21, 1e+21", "1E20, 100000000000000000000", "1E-7, 1e-7", "0.000001, 0.000001",
            "123456789012345678, 123456789012345680", "-1.5, -1.5", "5E-324, 5e-324",
            "1.7976931348623157e308, 1.7976931348623157e+308"
    })
    void numbersUseTheEcmaScriptForm(String in, String out) {
        assertThat(CanonicalJson.of(new CanonicalJson.Json("[" + in + "]"))).isEqualTo("[" + out + "]");
    }

    @Test
    void javaValuesHashTheSameWhateverTheirKeyOrder() {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("b", 1);
        a.put("a", List.of("x", 2.50));
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("a", List.of("x", 2.5));
        b.put("b", 1.0);
        assertThat(CanonicalJson.of(a)).isEqualTo("{\"a\":[\"x\",2.5],\"b\":1}");
        assertThat(ContentHash.of(a)).isEqualTo(ContentHash.of(b)).hasSize(64).matches("[0-9a-f]{64}");
        assertThat(ContentHash.of(Map.of("a", 1))).isNotEqualTo(ContentHash.of(Map.of("a", 2)));
    }
}
