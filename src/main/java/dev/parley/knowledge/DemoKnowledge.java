package dev.parley.knowledge;

import dev.parley.shared.TenantContext;
import dev.parley.shared.TenantId;
import dev.parley.tenancy.DemoWorkspaceSeeded;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Gives the demo bot Parley's own README and docs, so a newcomer can ask Parley about Parley a
 * minute after the first start. Runs once, right after the demo seed (itself an
 * ApplicationReadyEvent listener). The files are found in the working directory, which is the
 * checkout when started with ./parley; a jar started elsewhere skips this with a log line.
 */
@Component
class DemoKnowledge {

    private static final Logger log = LoggerFactory.getLogger(DemoKnowledge.class);

    private final KnowledgeService knowledge;

    DemoKnowledge(KnowledgeService knowledge) {
        this.knowledge = knowledge;
    }

    @EventListener
    void onDemoSeeded(DemoWorkspaceSeeded seeded) {
        int added = addParleyDocs(seeded.tenant(), seeded.botId(), Path.of("").toAbsolutePath());
        if (added > 0) log.info("Queued {} of Parley's own documents for the demo bot", added);
    }

    /** Queues README.md and docs/**.md under {@code root}; returns how many. */
    int addParleyDocs(TenantId tenant, UUID botId, Path root) {
        List<Path> files = parleyDocs(root);
        if (files.isEmpty()) {
            log.info("No Parley README.md in {}: the demo bot starts without knowledge", root);
            return 0;
        }
        return TenantContext.callAs(tenant, null, () -> {
            int added = 0;
            for (Path file : files) {
                String name = root.relativize(file).toString().replace('\\', '/');
                try (InputStream in = Files.newInputStream(file)) {
                    knowledge.addFile(botId, name, Files.size(file), in, true);
                    added++;
                } catch (UploadRefused | IOException | UncheckedIOException e) {
                    log.warn("Demo knowledge: skipped {}: {}", name, e.getMessage());
                }
            }
            return added;
        });
    }

    private static List<Path> parleyDocs(Path root) {
        Path readme = root.resolve("README.md");
        if (!isParleyReadme(readme)) return List.of();
        List<Path> files = new ArrayList<>(List.of(readme));
        Path docs = root.resolve("docs");
        if (Files.isDirectory(docs)) {
            try (Stream<Path> walk = Files.walk(docs, 6)) {
                walk.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().endsWith(".md"))
                        .sorted().forEach(files::add);
            } catch (IOException e) {
                log.warn("Demo knowledge: cannot list {}: {}", docs, e.getMessage());
            }
        }
        return files;
    }

    // Another project's README in the working directory is not Parley's documentation.
    private static boolean isParleyReadme(Path readme) {
        try (Stream<String> lines = Files.lines(readme)) {
            return Files.isRegularFile(readme) && lines.limit(5).anyMatch(l -> l.strip().equals("# Parley"));
        } catch (IOException | UncheckedIOException e) {
            return false;
        }
    }
}
