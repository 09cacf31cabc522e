package dev.parley.knowledge.api;

import dev.parley.knowledge.KnowledgeSource;
import dev.parley.knowledge.SourceKind;
import dev.parley.knowledge.UploadRefused;
import dev.parley.knowledge.WebSources;
import dev.parley.tenancy.BotService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A bot's web sources over the admin API: a thin layer over {@link WebSources}, which checks the
 * URL and limits. Like documents, another tenant's source is simply not found.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Web sources", description = "Pages, sites and sitemaps a bot crawls and answers from")
@SecurityRequirement(name = ApiConfiguration.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "No, an unknown or a revoked API key", content = @Content(schema = @Schema(implementation = ApiError.class)))
@ApiResponse(responseCode = "403", description = "The key lacks the scope (KNOWLEDGE_READ for reads, KNOWLEDGE_WRITE for changes)", content = @Content(schema = @Schema(implementation = ApiError.class)))
class SourcesApi {

    /** A source to add; maxPages, maxDepth and resyncHours apply to SITE and SITEMAP (resyncHours null: never). */
    record SourceRequest(SourceKind kind, String url, Integer maxPages, Integer maxDepth, Integer resyncHours) {}

    static final int DEFAULT_MAX_PAGES = 100;
    static final int DEFAULT_MAX_DEPTH = 2;

    private final WebSources web;
    private final BotService bots;

    SourcesApi(WebSources web, BotService bots) {
        this.web = web;
        this.bots = bots;
    }

    @GetMapping("/bots/{botId}/sources")
    @Operation(summary = "List a bot's web sources", description = "Newest first, with sync status and page counts.")
    @ApiResponse(responseCode = "200", description = "The sources")
    @ApiResponse(responseCode = "404", description = "No such bot", content = @Content(schema = @Schema(implementation = ApiError.class)))
    List<KnowledgeSource> list(@PathVariable UUID botId) {
        if (bots.find(botId).isEmpty()) throw new NotFound("No such bot.");
        return web.listSources(botId);
    }

    @PostMapping(path = "/bots/{botId}/sources", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add a page, a site or a sitemap", description = "Only public http(s) addresses. Queued for a first sync; "
            + "poll the source until READY or FAILED. Its pages become URL documents of the bot. "
            + "Defaults: maxPages " + DEFAULT_MAX_PAGES + ", maxDepth " + DEFAULT_MAX_DEPTH + " (SITE only), resyncHours never.")
    @ApiResponse(responseCode = "201", description = "Stored and queued")
    @ApiResponse(responseCode = "400", description = "Missing kind, an invalid or non-public URL, or limits out of range "
            + "(fields says which)", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "No such bot", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<KnowledgeSource> add(@PathVariable UUID botId, @RequestBody SourceRequest request) {
        if (bots.find(botId).isEmpty()) throw new NotFound("No such bot."); // before the URL check: it may wait for DNS
        int maxPages = request.maxPages() == null ? DEFAULT_MAX_PAGES : request.maxPages();
        KnowledgeSource source = switch (request.kind() == null ? refuseKind() : request.kind()) {
            case PAGE -> web.addPage(botId, request.url());
            case SITE -> web.addSite(botId, request.url(), maxPages,
                    request.maxDepth() == null ? DEFAULT_MAX_DEPTH : request.maxDepth(), request.resyncHours());
            case SITEMAP -> web.addSitemap(botId, request.url(), maxPages, request.resyncHours());
        };
        // Re-read after commit: the stored row carries the database's created_at.
        KnowledgeSource stored = web.findSource(source.id()).orElse(source);
        return ResponseEntity.created(URI.create("/api/v1/sources/" + source.id())).body(stored);
    }

    @GetMapping("/sources/{id}")
    @Operation(summary = "Get a source and its sync status", description = "QUEUED → SYNCING → READY, or FAILED with lastError; "
            + "pagesFound, pagesFailed and note tell what the last sync did.")
    @ApiResponse(responseCode = "200", description = "The source")
    @ApiResponse(responseCode = "404", description = "No such source", content = @Content(schema = @Schema(implementation = ApiError.class)))
    KnowledgeSource get(@PathVariable UUID id) {
        return existing(id);
    }

    @PostMapping("/sources/{id}/resync")
    @Operation(summary = "Re-sync a source now", description = "Fetches its pages again; only changed pages are re-indexed.")
    @ApiResponse(responseCode = "202", description = "Queued (or already syncing)")
    @ApiResponse(responseCode = "404", description = "No such source", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<KnowledgeSource> resync(@PathVariable UUID id) {
        existing(id);
        return ResponseEntity.accepted().body(web.resync(id));
    }

    @DeleteMapping("/sources/{id}")
    @Operation(summary = "Delete a source", description = "Its pages' documents and chunks leave the bot's knowledge at once.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such source", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        existing(id);
        web.deleteSource(id);
        return ResponseEntity.noContent().build();
    }

    private KnowledgeSource existing(UUID id) {
        return web.findSource(id).orElseThrow(() -> new NotFound("No such source."));
    }

    private static SourceKind refuseKind() {
        throw new UploadRefused(UploadRefused.Reason.INVALID, "kind", "Say which kind of source: PAGE, SITE or SITEMAP.");
    }
}
