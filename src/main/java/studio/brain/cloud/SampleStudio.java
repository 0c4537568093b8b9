package studio.brain.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import studio.brain.cloud.CloudReadException.ErrorKind;

/**
 * The bundled sample studio: an export shipped on the classpath under {@value #RESOURCE_ROOT}. A jar cannot be
 * listed as a folder, so {@code index.json} beside the export names every file; {@link #extract} copies them to
 * {@code <dataDir>/sample-studio} the first time (and again whenever the bundled index differs from the copy's,
 * i.e. after an upgrade), through a fresh folder moved into place so that no reader ever sees half a copy.
 */
public final class SampleStudio {
    public static final String RESOURCE_ROOT = "sample-studio";
    public static final String INDEX_FILE = "index.json";
    public static final String FOLDER_NAME = "sample-studio";

    private SampleStudio() {
    }

    /** The folder holding the sample export under {@code dataDir}, extracted from the classpath when needed. */
    public static synchronized Path extract(Path dataDir) {
        byte[] index = resource(INDEX_FILE);
        Path target = dataDir.resolve(FOLDER_NAME);
        try {
            if (Files.isRegularFile(target.resolve(INDEX_FILE))
                    && Arrays.equals(Files.readAllBytes(target.resolve(INDEX_FILE)), index)) {
                return target;
            }
            Files.createDirectories(dataDir);
            Path fresh = dataDir.resolve("." + FOLDER_NAME + "-" + UUID.randomUUID());
            for (String file : files(index)) {
                Path destination = fresh.resolve(file).normalize();
                if (!destination.startsWith(fresh)) {
                    throw new IllegalStateException("sample index names a path outside the export: " + file);
                }
                Files.createDirectories(destination.getParent());
                Files.write(destination, resource(file));
            }
            Files.write(fresh.resolve(INDEX_FILE), index);
            if (Files.exists(target)) {
                Path old = dataDir.resolve("." + FOLDER_NAME + "-old-" + UUID.randomUUID());
                Files.move(target, old);
                deleteTree(old);
            }
            try {
                Files.move(fresh, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException | FileAlreadyExistsException e) {
                Files.move(fresh, target);
            }
            return target;
        } catch (IOException e) {
            throw new CloudReadException(ErrorKind.UNAVAILABLE,
                    "cannot extract the bundled sample studio to " + target, e);
        }
    }

    /** The relative paths the bundled index lists. */
    static List<String> files(byte[] index) throws IOException {
        JsonNode root = ExportJson.MAPPER.readTree(index);
        List<String> files = new ArrayList<>();
        root.path("files").forEach(f -> files.add(f.asText()));
        if (files.isEmpty()) {
            throw new IllegalStateException("the bundled sample studio index lists no files");
        }
        return files;
    }

    private static byte[] resource(String relative) {
        String name = RESOURCE_ROOT + "/" + relative;
        try (InputStream in = SampleStudio.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the bundled sample studio lacks " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled " + name, e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }
}
