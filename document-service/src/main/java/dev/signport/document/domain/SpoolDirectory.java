package dev.signport.document.domain;

import dev.signport.document.config.DocumentConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.jboss.logging.Logger;

/**
 * The directory uploads are spooled to, and PDF parses keep their scratch files in; left-overs of a
 * crashed process are swept at start-up.
 */
@ApplicationScoped
public class SpoolDirectory {

    private static final Logger LOG = Logger.getLogger(SpoolDirectory.class);
    /** Older than any upload can take, so a sweep never removes the file of a live request (shared dirs). */
    private static final Duration STALE = Duration.ofHours(6);

    private final Path path;

    public SpoolDirectory(DocumentConfig config) {
        this.path = Path.of(config.spoolDir().orElse(System.getProperty("java.io.tmpdir") + "/signport-document-spool"));
    }

    public Path path() {
        return path;
    }

    public Spool newSpool(long limit) {
        return Spool.create(path, limit);
    }

    void start(@Observes StartupEvent ignored) {
        try {
            Files.createDirectories(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the upload spool directory " + path, e);
        }
        Instant cutoff = Instant.now().minus(STALE);
        try (Stream<Path> files = Files.list(path)) {
            // upload-*: spooled uploads; PDFBox*: scratch files of PDF parses (PdfParser puts them here).
            files.filter(f -> f.getFileName().toString().startsWith("upload-")
                    || f.getFileName().toString().startsWith("PDFBox")).forEach(f -> {
                try {
                    if (Files.getLastModifiedTime(f).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(f);
                    }
                } catch (IOException e) {
                    LOG.debugf("Could not sweep %s: %s", f, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warnf("Could not sweep the spool directory %s: %s", path, e.toString());
        }
    }
}
