package studio.brain.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

/** Only routes that start from a scheduler get the job-run policy; request-driven routes are not jobs. */
class ScheduledRoutesTest extends CamelTestSupport {
    private final RoutePolicy marker = new RoutePolicySupport() {
    };

    @Override
    protected RouteBuilder createRouteBuilder() {
        context.addRoutePolicyFactory(new ScheduledRoutes(marker));
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("timer:every-hour?period=3600000&delay=3600000").routeId("timer-job").log("tick");
                from("scheduler:sweep?delay=3600000&initialDelay=3600000").routeId("scheduler-job").log("sweep");
                from("direct:on-request").routeId("request-driven").log("request");
            }
        };
    }

    @Test
    void schedulerRoutesAreJobsAndOthersAreNot() {
        assertThat(policiesOf("timer-job")).contains(marker);
        assertThat(policiesOf("scheduler-job")).contains(marker);
        assertThat(policiesOf("request-driven")).doesNotContain(marker);
    }

    @Test
    void schemesAreRecognisedByPrefixOnly() {
        assertThat(ScheduledRoutes.isScheduler("quartz:studio/nightly?cron=0+0+3+*+*+?")).isTrue();
        assertThat(ScheduledRoutes.isScheduler("cron:tab?schedule=0/3+10+*+*+*+?")).isTrue();
        assertThat(ScheduledRoutes.isScheduler("platform-http:/timer")).isFalse();
        assertThat(ScheduledRoutes.isScheduler("kamelet:timer-source")).isFalse();
        assertThat(ScheduledRoutes.isScheduler(null)).isFalse();
    }

    private java.util.List<RoutePolicy> policiesOf(String routeId) {
        Route route = context.getRoute(routeId);
        return route.getRoutePolicyList();
    }
}
