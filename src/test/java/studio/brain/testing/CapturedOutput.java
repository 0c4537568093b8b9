package studio.brain.testing;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Captures what the JSON log writes to standard output while a piece of code runs. */
public final class CapturedOutput implements AutoCloseable {
    private final PrintStream original = System.out;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    public CapturedOutput() {
        System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
    }

    public String text() {
        System.out.flush();
        return buffer.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
