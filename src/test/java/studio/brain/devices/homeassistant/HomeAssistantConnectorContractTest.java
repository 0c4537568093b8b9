package studio.brain.devices.homeassistant;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import studio.brain.devices.contract.ConnectorContract;
import studio.brain.devices.contract.ConnectorFixture;
import studio.brain.devices.contract.Fault;
import studio.brain.testing.TestHub;

/** The Home Assistant connector against the connector contract, with a fake Home Assistant REST API. */
class HomeAssistantConnectorContractTest extends ConnectorContract {
    static final String TOKEN = "eyJhbGciOiJIUzI1NiJ9.kiln-studio-ha-token.4b7f0c2d9e";

    /** A hub configured for the fake Home Assistant, with the repository's route and short test timings. */
    static Map<String, String> env(Path work, FakeHomeAssistant fake) throws Exception {
        Map<String, String> env = TestHub.env(work);
        Path routes = Files.createDirectories(Path.of(env.get("STUDIO_BRAIN_ROUTES_DIR")));
        Files.copy(Path.of("routes/home-assistant-vacuums.camel.yaml"), routes.resolve("home-assistant-vacuums.camel.yaml"),
                StandardCopyOption.REPLACE_EXISTING);
        env.put("STUDIO_BRAIN_HA_URL", fake.url());
        env.put("STUDIO_BRAIN_HA_TOKEN", TOKEN);
        env.put("STUDIO_BRAIN_HA_ENTITIES", "vacuum.throwing_room,vacuum.glaze_room");
        env.put("STUDIO_BRAIN_HA_POLL_SECONDS", "1");
        env.put("STUDIO_BRAIN_HA_TIMEOUT_MILLIS", "1500");
        env.put("STUDIO_BRAIN_HA_STALE_SECONDS", "600");
        return env;
    }

    @Override
    protected ConnectorFixture createFixture() {
        return new ConnectorFixture() {
            private FakeHomeAssistant fake;

            @Override
            public String connector() {
                return "home-assistant";
            }

            @Override
            public void startFake() {
                if (fake == null) {
                    fake = FakeHomeAssistant.start(TOKEN);
                } else {
                    fake.restart();
                }
            }

            @Override
            public void stopFake() {
                fake.stop();
            }

            @Override
            public Map<String, String> hubEnv(Path work) throws Exception {
                return env(work, fake);
            }

            @Override
            public void inject(Fault fault) {
                fake.fault(switch (fault) {
                    case UNAUTHORIZED_401 -> FakeHomeAssistant.Fault.UNAUTHORIZED;
                    case FORBIDDEN_403 -> FakeHomeAssistant.Fault.FORBIDDEN;
                    case RATE_LIMITED_429 -> FakeHomeAssistant.Fault.RATE_LIMITED;
                    case SERVER_ERROR_500 -> FakeHomeAssistant.Fault.SERVER_ERROR;
                    case TIMEOUT -> FakeHomeAssistant.Fault.HANG;
                    case SLOW_DRIP -> FakeHomeAssistant.Fault.SLOW_DRIP;
                    case MALFORMED_JSON -> FakeHomeAssistant.Fault.MALFORMED_JSON;
                    case WRONG_TYPES -> FakeHomeAssistant.Fault.WRONG_TYPES;
                    case CONNECTION_REFUSED -> throw new IllegalArgumentException("refused connections come from stopFake");
                });
            }

            @Override
            public void clearFaults() {
                fake.fault(FakeHomeAssistant.Fault.NONE);
            }

            @Override
            public List<String> requestIdsSeen() {
                return fake.requests().stream().map(r -> r.headers().get("x-request-id")).filter(Objects::nonNull)
                        .toList();
            }

            @Override
            public List<String> credentials() {
                return List.of(TOKEN);
            }

            @Override
            public void close() {
                if (fake != null) {
                    fake.close();
                }
            }
        };
    }
}
