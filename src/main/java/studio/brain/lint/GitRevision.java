package studio.brain.lint;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Files of the repository as they were at a git revision, read with {@code git show} in the repository's folder. */
final class GitRevision {
    private static final long TIMEOUT_SECONDS = 60;

    private final Path repo;
    private final String ref;

    private GitRevision(Path repo, String ref) {
        this.repo = repo;
        this.ref = ref;
    }

    /** Why a revision cannot be read: not a git repository, no such revision, or git is missing. */
    static final class BadRevision extends Exception {
        BadRevision(String message) {
            super(message);
        }
    }

    /** The revision, checked to name a commit of the repository. */
    static GitRevision of(Path repo, String ref) throws BadRevision {
        if (ref == null || ref.isBlank() || ref.startsWith("-") || ref.contains(":")) {
            throw new BadRevision("'" + ref + "' is not a git revision (a branch, tag or commit such as origin/main)");
        }
        Result result = run(repo, "git", "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (result.exit() != 0) {
            throw new BadRevision("'" + ref + "' is not a commit of the git repository at " + repo
                    + (result.error().isBlank() ? "" : " (" + result.error().strip().lines().findFirst().orElse("")
                    + ")"));
        }
        return new GitRevision(repo, ref);
    }

    String ref() {
        return ref;
    }

    /** The file's text at this revision (path relative to the repository folder), or empty when it did not exist. */
    Optional<String> read(String path) throws BadRevision {
        String spec = ref + ":./" + path;
        if (run(repo, "git", "cat-file", "-e", spec).exit() != 0) {
            return Optional.empty();
        }
        Result shown = run(repo, "git", "show", spec);
        if (shown.exit() != 0) {
            throw new BadRevision("git show " + spec + " failed: " + shown.error().strip());
        }
        return Optional.of(shown.output());
    }

    private record Result(int exit, String output, String error) {
    }

    private static Result run(Path dir, String... command) throws BadRevision {
        List<String> args = new ArrayList<>(List.of(command));
        Process process;
        try {
            process = new ProcessBuilder(args).directory(dir.toFile()).start();
        } catch (IOException e) {
            throw new BadRevision("cannot run git (" + e.getMessage() + "); --against needs git on the PATH");
        }
        try {
            process.getOutputStream().close();
            CompletableFuture<String> error = CompletableFuture.supplyAsync(() -> text(process.getErrorStream()));
            String output = text(process.getInputStream());
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new BadRevision("git did not answer within " + TIMEOUT_SECONDS + " s");
            }
            return new Result(process.exitValue(), output, error.join());
        } catch (IOException e) {
            throw new BadRevision("cannot talk to git: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
            throw new BadRevision("interrupted while waiting for git");
        }
    }

    private static String text(InputStream in) {
        try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
