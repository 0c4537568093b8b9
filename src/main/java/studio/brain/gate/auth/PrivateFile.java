package studio.brain.gate.auth;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;
import java.util.function.Supplier;
import studio.brain.config.Secret;

/**
 * A one-line secret file in the data dir that only the hub's own user may read (mode 0600), written once at first
 * start and read on every later one.
 *
 * <p>The file never exists with looser permissions or half written: the value goes into a temporary file that is
 * created 0600 in the same folder, is flushed to disk, and is then hard-linked to the final name. A link fails when
 * the name exists, so two hubs starting at once on one data dir agree on a single value (the loser reads the
 * winner's). A file that others can read is refused rather than silently tightened: its value may have leaked.
 */
final class PrivateFile {
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> GROUP_OR_OTHERS = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    /** The file's value, and whether this call created it. */
    record Contents(String value, boolean created) {
        @Override
        public String toString() {
            return "Contents[value=" + Secret.MASK + ", created=" + created + "]";
        }
    }

    private PrivateFile() {
    }

    static Contents readOrCreate(Path file, Supplier<String> freshValue) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
            String value = freshValue.get();
            if (create(folder, file, value)) {
                return new Contents(value, true);
            }
        }
        return new Contents(read(file), false);
    }

    /** True when this call created the file; false when another process did first. */
    private static boolean create(Path folder, Path file, String value) throws IOException {
        byte[] bytes = (value + "\n").getBytes(StandardCharsets.US_ASCII);
        Path temp = Files.createTempFile(folder, "." + file.getFileName() + ".", ".tmp", ownerOnly());
        try {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
                channel.write(ByteBuffer.wrap(bytes));
                channel.force(true);
            }
            try {
                Files.createLink(file, temp);
                return true;
            } catch (FileAlreadyExistsException raced) {
                return false;
            } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
                return createInPlace(file, bytes);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** For file systems without hard links: create-exclusive with the mode set at creation, then write. */
    private static boolean createInPlace(Path file, byte[] bytes) throws IOException {
        try (FileChannel channel = FileChannel.open(file,
                EnumSet.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), ownerOnly())) {
            channel.write(ByteBuffer.wrap(bytes));
            channel.force(true);
            return true;
        } catch (FileAlreadyExistsException raced) {
            return false;
        }
    }

    private static String read(Path file) throws IOException {
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalStateException(file + " is not a regular file; move it away so a new one can be made");
        }
        if (posix()) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
            if (permissions.stream().anyMatch(GROUP_OR_OTHERS::contains)) {
                throw new IllegalStateException(file + " can be read or changed by other users (mode "
                        + PosixFilePermissions.toString(permissions) + "); if that was never so, restrict it with "
                        + "`chmod 600 " + file + "`, otherwise delete it so that a new value is made");
            }
        }
        return Files.readString(file, StandardCharsets.US_ASCII).trim();
    }

    private static FileAttribute<?>[] ownerOnly() {
        return posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
