package studio.brain.assist.anomaly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BaselineTest {

    @Test
    void medianAndScaledMadIgnoreOneOutlier() {
        Baseline b = Baseline.of(List.of(10.0, 12.0, 11.0, 13.0, 9.0, 500.0));
        assertThat(b.median()).isEqualTo(11.5);
        assertThat(b.mad()).isEqualTo(1.5);
        assertThat(b.spread()).isCloseTo(1.5 * 1.4826, within(1e-9));
        assertThat(b.count()).isEqualTo(6);
    }

    @Test
    void theSpreadFloorKeepsAFlatMetricFromAlertingOnPlusOne() {
        Baseline flat = Baseline.of(List.of(0.0, 0.0, 0.0, 0.0, 0.0));
        assertThat(flat.spread()).isZero();
        assertThat(flat.upperBound(3, 0)).isZero();
        assertThat(flat.upperBound(3, 1)).isEqualTo(3.0);
    }

    @Test
    void anEmptyWindowIsRefused() {
        assertThatThrownBy(() -> Baseline.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
