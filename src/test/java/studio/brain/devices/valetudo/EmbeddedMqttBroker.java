package studio.brain.devices.valetudo;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import studio.brain.testing.Ports;

/**
 * A real MQTT 5 broker (HiveMQ Community Edition, embedded) on a free loopback port, with its configuration and data
 * in a test's temporary folder. It can be stopped and started again on the same port; it keeps its state in memory
 * (file persistence costs seconds per start), so a restart forgets retained messages, like a broker without
 * persistence: devices publish their state again when they reconnect. Given credentials, it refuses clients
 * without them.
 *
 * <p>{@link #publish} and {@link #connectRobot} play the device side: a robot publishing its topic tree, and a robot
 * whose connection drops so the broker sends its last will.
 */
public final class EmbeddedMqttBroker implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Path configFolder;
    private final Path dataFolder;
    private final int port;
    private final String username;
    private volatile String password;
    private EmbeddedHiveMQ broker;
    private MqttClient publisher;

    private EmbeddedMqttBroker(Path folder, String username, String password) {
        try {
            this.configFolder = Files.createDirectories(folder.resolve("conf"));
            this.dataFolder = Files.createDirectories(folder.resolve("data"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.port = Ports.free();
        this.username = username;
        this.password = password;
    }

    /** A broker open to any client. */
    public static EmbeddedMqttBroker start(Path folder) {
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(folder, null, null);
        broker.startAgain();
        return broker;
    }

    /** A broker with its port chosen but not started: clients get connection refused until {@link #startAgain()}. */
    public static EmbeddedMqttBroker notStarted(Path folder) {
        return new EmbeddedMqttBroker(folder, null, null);
    }

    /** A broker that accepts only clients connecting with this user name and password. */
    public static EmbeddedMqttBroker startWithCredentials(Path folder, String username, String password) {
        EmbeddedMqttBroker broker = new EmbeddedMqttBroker(folder, Objects.requireNonNull(username),
                Objects.requireNonNull(password));
        broker.startAgain();
        return broker;
    }

    public int port() {
        return port;
    }

    public String url() {
        return "tcp://127.0.0.1:" + port;
    }

    /** Starts the broker (again) on the same port with the same data folder. */
    public synchronized void startAgain() {
        if (broker != null) {
            throw new IllegalStateException("broker is running");
        }
        writeConfig();
        EmbeddedHiveMQ started = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(configFolder)
                .withDataFolder(dataFolder)
                .withExtensionsFolder(configFolder.resolve("extensions"))
                .withEmbeddedExtension(authentication())
                .withoutLoggingBootstrap()
                .build();
        try {
            started.start().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("embedded MQTT broker did not start", e);
        }
        broker = started;
    }

    /** True while the broker runs. */
    public synchronized boolean running() {
        return broker != null;
    }

    /** From now on only this password is accepted (for a broker started with credentials). */
    public void acceptPassword(String password) {
        this.password = Objects.requireNonNull(password);
    }

    /** Closes one client's connection from the broker's side, as a broker restart or a network blip would. */
    public void disconnectClient(String clientId) {
        try {
            Services.clientService().disconnectClient(clientId).get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("could not disconnect " + clientId, e);
        }
    }

    /** Stops the broker; connected clients lose their connection (and their last wills are not sent). */
    public synchronized void stop() {
        closePublisher();
        if (broker == null) {
            return;
        }
        try {
            broker.stop().get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            broker.close();
        } catch (Exception e) {
            throw new IllegalStateException("embedded MQTT broker did not stop", e);
        } finally {
            broker = null;
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Publishes as a device would (QoS 1), retained or not. */
    public synchronized void publish(String topic, String payload, boolean retained) {
        try {
            for (int attempt = 1; publisher == null || !publisher.isConnected(); attempt++) {
                try {
                    publisher = connect("fixture-publisher-" + UUID.randomUUID(), null, null);
                } catch (MqttException e) {
                    // A broker that has just started may not take connections for a moment.
                    if (attempt >= 20) {
                        throw e;
                    }
                    sleep(Duration.ofMillis(250));
                }
            }
            MqttMessage message = new MqttMessage(payload.getBytes(StandardCharsets.UTF_8));
            message.setQos(1);
            message.setRetained(retained);
            for (int attempt = 1; ; attempt++) {
                try {
                    publisher.publish(topic, message);
                    break;
                } catch (MqttException e) {
                    // A broker that has just started acknowledges slowly; paho refuses new QoS 1 publishes meanwhile.
                    if (e.getReasonCode() != org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_MAX_INFLIGHT || attempt >= 40) {
                        throw e;
                    }
                    sleep(Duration.ofMillis(100));
                }
            }
        } catch (MqttException e) {
            throw new IllegalStateException("publish to the embedded broker failed", e);
        }
    }

    /**
     * Connects a client that, like a Valetudo robot, leaves a retained last will on {@code willTopic}; drop it with
     * {@link Robot#dropConnection()} and the broker publishes the will.
     */
    public Robot connectRobot(String willTopic, String willPayload) {
        try {
            return new Robot(connect("fixture-robot-" + UUID.randomUUID(), willTopic, willPayload));
        } catch (MqttException e) {
            throw new IllegalStateException("robot could not connect to the embedded broker", e);
        }
    }

    /** A connected device client. */
    public static final class Robot {
        private final MqttClient client;

        private Robot(MqttClient client) {
            this.client = client;
        }

        /** Closes the TCP connection without an MQTT DISCONNECT, as a robot losing power or Wi-Fi does. */
        public void dropConnection() {
            try {
                client.disconnectForcibly(0, 0, false);
                client.close(true);
            } catch (MqttException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private MqttClient connect(String clientId, String willTopic, String willPayload) throws MqttException {
        MqttClient client = new MqttClient(url(), clientId, new MemoryPersistence());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setConnectionTimeout(10);
        if (username != null) {
            options.setUserName(username);
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        if (willTopic != null) {
            MqttMessage will = new MqttMessage(willPayload.getBytes(StandardCharsets.UTF_8));
            will.setQos(1);
            will.setRetained(true);
            options.setWill(willTopic, will);
        }
        client.connect(options);
        return client;
    }

    private void closePublisher() {
        if (publisher != null) {
            try {
                if (publisher.isConnected()) {
                    publisher.disconnect();
                }
                publisher.close(true);
            } catch (MqttException e) {
                // the broker may already be gone; the client is discarded either way
            }
            publisher = null;
        }
    }

    private void writeConfig() {
        String config = """
                <?xml version="1.0"?>
                <hivemq>
                    <listeners>
                        <tcp-listener>
                            <port>%d</port>
                            <bind-address>127.0.0.1</bind-address>
                        </tcp-listener>
                    </listeners>
                    <anonymous-usage-statistics>
                        <enabled>false</enabled>
                    </anonymous-usage-statistics>
                    <persistence>
                        <mode>in-memory</mode>
                    </persistence>
                </hivemq>
                """.formatted(port);
        try {
            Files.createDirectories(configFolder.resolve("extensions"));
            Files.writeString(configFolder.resolve("config.xml"), config);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Without credentials every client is let in; with them, only a matching user name and password. */
    private EmbeddedExtension authentication() {
        ExtensionMain main = new ExtensionMain() {
            @Override
            public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
                Services.securityRegistry().setAuthenticatorProvider(provider -> (SimpleAuthenticator) (in, out) -> {
                    if (username == null) {
                        out.authenticateSuccessfully();
                        return;
                    }
                    String user = in.getConnectPacket().getUserName().orElse(null);
                    String pass = in.getConnectPacket().getPassword()
                            .map(EmbeddedMqttBroker::text).orElse(null);
                    if (username.equals(user) && password.equals(pass)) {
                        out.authenticateSuccessfully();
                    } else {
                        out.failAuthentication();
                    }
                });
            }

            @Override
            public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
            }
        };
        return EmbeddedExtension.builder()
                .withId("studio-brain-test-auth")
                .withName("Test credentials")
                .withVersion("1.0")
                .withExtensionMain(main)
                .build();
    }

    private static String text(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        stop();
    }
}
