package studio.brain.devices.hubitat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import studio.brain.devices.contract.ConnectorContract;
import studio.brain.devices.contract.ConnectorFixture;
import studio.brain.devices.contract.Fault;
import studio.brain.testing.Ports;
import studio.brain.testing.TestHub;

/** The Hubitat connector against the connector contract, with a fake Maker API. */
class HubitatConnectorContractTest extends ConnectorContract {

    @Override
    protected ConnectorFixture createFixture() {
        return new ConnectorFixture() {
            private final FakeMakerApi fake = new FakeMakerApi(HubitatHubFixture.TOKEN, Ports.free());

            @Override
            public String connector() {
                return "hubitat";
            }

            @Override
            public void startFake() throws Exception {
                fake.start();
            }

            @Override
            public void stopFake() {
                fake.stop();
            }

            @Override
            public Map<String, String> hubEnv(Path work) throws Exception {
                return HubitatHubFixture.env(work, fake);
            }

            @Override
            public void inject(Fault fault) {
                fake.mode(switch (fault) {
                    case UNAUTHORIZED_401 -> FakeMakerApi.Mode.STATUS_401;
                    case FORBIDDEN_403 -> FakeMakerApi.Mode.STATUS_403;
                    case RATE_LIMITED_429 -> FakeMakerApi.Mode.STATUS_429;
                    case SERVER_ERROR_500 -> FakeMakerApi.Mode.STATUS_500;
                    case TIMEOUT -> FakeMakerApi.Mode.HANG;
                    case SLOW_DRIP -> FakeMakerApi.Mode.SLOW_DRIP;
                    case MALFORMED_JSON -> FakeMakerApi.Mode.MALFORMED_JSON;
                    case WRONG_TYPES -> FakeMakerApi.Mode.WRONG_TYPES;
                    case CONNECTION_REFUSED -> throw new IllegalArgumentException("refused connections come from stopFake");
                });
            }

            @Override
            public void clearFaults() {
                fake.mode(FakeMakerApi.Mode.OK);
            }

            @Override
            public List<String> requestIdsSeen() {
                return fake.requests().stream().map(FakeMakerApi.Request::requestId).filter(Objects::nonNull).toList();
            }

            @Override
            public List<String> credentials() {
                return List.of(HubitatHubFixture.TOKEN, HubitatHubFixture.EVENTS_SECRET);
            }

            @Override
            public void exerciseInbound(TestHub hub) throws Exception {
                String event = HubitatEndToEndTest.event("12", "humidity", "45");
                for (String path : List.of("/api/hubitat/events/" + HubitatHubFixture.EVENTS_SECRET,
                        "/api/hubitat/events/not-the-secret-at-all")) {
                    hub.send("POST", path, Map.of("Content-Type", "application/json"), event);
                }
                hub.send("POST", "/api/hubitat/events", Map.of("X-Hubitat-Secret", HubitatHubFixture.EVENTS_SECRET),
                        event);
            }

            @Override
            public void close() {
                fake.close();
            }
        };
    }
}
