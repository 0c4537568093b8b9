package studio.brain.state;

import java.util.Arrays;
import java.util.Optional;

/** What a metric's {@code where} condition asks of a field, under the name the policy file uses. */
public enum ConditionType {
    EQUALS("equals", false),
    IN("in", false),
    NOT_IN("notIn", true),
    STARTS_WITH("startsWith", false),
    NOT_STARTS_WITH("notStartsWith", true);

    private final String yamlName;
    private final boolean negative;

    ConditionType(String yamlName, boolean negative) {
        this.yamlName = yamlName;
        this.negative = negative;
    }

    public String yamlName() {
        return yamlName;
    }

    /** True for {@code notIn} and {@code notStartsWith}, which are counted as "all minus the positive form". */
    boolean negative() {
        return negative;
    }

    /** The positive form: {@code notIn} → {@code in}, {@code notStartsWith} → {@code startsWith}. */
    ConditionType positive() {
        return switch (this) {
            case NOT_IN -> IN;
            case NOT_STARTS_WITH -> STARTS_WITH;
            default -> this;
        };
    }

    boolean prefix() {
        return this == STARTS_WITH || this == NOT_STARTS_WITH;
    }

    static Optional<ConditionType> byYamlName(String name) {
        return Arrays.stream(values()).filter(type -> type.yamlName.equals(name)).findFirst();
    }

    static String yamlNames() {
        return String.join(", ", Arrays.stream(values()).map(ConditionType::yamlName).toList());
    }
}
