package studio.brain.cloud;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class FieldFilterTest {

    @Test
    void factoriesBuildTheOperatorTheyName() {
        assertThat(FieldFilter.eq("status", "glazed")).isEqualTo(
                new FieldFilter("status", FieldFilter.Op.EQUAL, List.of("glazed")));
        assertThat(FieldFilter.in("status", "a", "b").op()).isEqualTo(FieldFilter.Op.IN);
        assertThat(FieldFilter.notIn("status", "a").op()).isEqualTo(FieldFilter.Op.NOT_IN);
        assertThat(FieldFilter.gte("weight", 3L).op()).isEqualTo(FieldFilter.Op.GREATER_OR_EQUAL);
        assertThat(FieldFilter.lt("weight", 3L).op()).isEqualTo(FieldFilter.Op.LESS_THAN);
    }

    @Test
    void equalityWithNullIsAllowed() {
        assertThat(FieldFilter.eq("status", null).values()).containsExactly((Object) null);
    }

    @Test
    void aFieldIsRequired() {
        assertThatThrownBy(() -> FieldFilter.eq(" ", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldFilter.eq(null, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listOperatorsKeepFirestoresLimits() {
        Object[] thirty = IntStream.range(0, 30).boxed().toArray();
        Object[] thirtyOne = IntStream.range(0, 31).boxed().toArray();
        assertThat(FieldFilter.in("n", thirty).values()).hasSize(30);
        assertThatThrownBy(() -> FieldFilter.in("n", thirtyOne)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldFilter.in("n")).isInstanceOf(IllegalArgumentException.class);

        Object[] ten = IntStream.range(0, 10).boxed().toArray();
        Object[] eleven = IntStream.range(0, 11).boxed().toArray();
        assertThat(FieldFilter.notIn("n", ten).values()).hasSize(10);
        assertThatThrownBy(() -> FieldFilter.notIn("n", eleven)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FieldFilter.notIn("n")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void singleValueOperatorsTakeExactlyOneValue() {
        assertThatThrownBy(() -> new FieldFilter("n", FieldFilter.Op.EQUAL, List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FieldFilter("n", FieldFilter.Op.LESS_THAN, List.of(1, 2)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void valuesAreCopiedAndUnmodifiable() {
        List<Object> values = new ArrayList<>(List.of("a", "b"));
        FieldFilter filter = new FieldFilter("s", FieldFilter.Op.IN, values);
        values.add("c");
        assertThat(filter.values()).containsExactly("a", "b");
        assertThatThrownBy(() -> filter.values().add("d")).isInstanceOf(UnsupportedOperationException.class);
        assertThat(new FieldFilter("s", FieldFilter.Op.IN, Collections.nCopies(2, null)).values()).hasSize(2);
    }
}
