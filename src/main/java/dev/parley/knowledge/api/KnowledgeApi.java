package dev.parley.knowledge.api;

import dev.parley.knowledge.KnowledgeChunk;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.tenancy.BotService;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;
import java.io.InputStream;
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
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * The admin API of a bot's knowledge, for tenants' own automation. {@link ApiKeyFilter} has already
 * checked the key and its scope and bound its tenant: another tenant's bot or document is simply
 * not found, exactly like a missing one.
 */
@RestController
@RequestMapping(path = "/api/v1", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Knowledge", description = "Documents, pasted text and Q&A pairs a bot answers from")
@SecurityRequirement(name = ApiConfiguration.SECURITY_SCHEME)
@ApiResponse(responseCode = "401", description = "No, an unknown or a revoked API key", content = @Content(schema = @Schema(implementation = ApiError.class)))
@ApiResponse(responseCode = "403", description = "The key lacks the scope (KNOWLEDGE_READ for reads, KNOWLEDGE_WRITE for changes)", content = @Content(schema = @Schema(implementation = ApiError.class)))
class KnowledgeApi {

    /** Pasted text. */
    record TextRequest(String title, String body) {}

    /** A question with its curated answer. */
    record QaRequest(String question, String answer) {}

    private final KnowledgeService knowledge;
    private final BotService bots;
    KnowledgeApi(KnowledgeService knowledge, BotService bots) {
        this.knowledge = knowledge;
        this.bots = bots;
    }

    @GetMapping("/bots/{botId}/documents")
    @Operation(summary = "List a bot's documents", description = "Newest first, with status and chunk count.")
    @ApiResponse(responseCode = "200", description = "The documents")
    @ApiResponse(responseCode = "404", description = "No such bot", content = @Content(schema = @Schema(implementation = ApiError.class)))
    List<KnowledgeDocument> list(@PathVariable UUID botId) {
        if (bots.find(botId).isEmpty()) throw new NotFound("No such bot.");
        return knowledge.list(botId);
    }

    @PostMapping(path = "/bots/{botId}/documents", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(summary = "Upload a file", description = "Streamed to storage and queued for indexing; poll the document until READY or FAILED. "
            + "A type Parley does not read is answered with 415 and the list of accepted extensions.")
    @ApiResponse(responseCode = "201", description = "Stored and queued")
    @ApiResponse(responseCode = "400", description = "No file part, or an empty file", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "No such bot", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "409", description = "The same content is already in this bot's knowledge (existingDocumentId); "
            + "send allowDuplicate=true to add it anyway", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "413", description = "Larger than the upload limit", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "415", description = "Not an accepted file type (accepted lists them)", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<KnowledgeDocument> upload(@PathVariable UUID botId, @RequestPart("file") MultipartFile file,
                                             @Parameter(description = "Add even when the same content is already there")
                                             @RequestParam(defaultValue = "false") boolean allowDuplicate) throws IOException {
        try (InputStream content = file.getInputStream()) {
            return created(knowledge.addFile(botId, file.getOriginalFilename(), file.getSize(), content, allowDuplicate));
        }
    }

    @PostMapping(path = "/bots/{botId}/texts", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add pasted text", description = "Markdown headings become the heading path of its chunks.")
    @ApiResponse(responseCode = "201", description = "Stored and queued")
    @ApiResponse(responseCode = "400", description = "Missing title or body (fields says which)", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "No such bot", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<KnowledgeDocument> addText(@PathVariable UUID botId, @RequestBody TextRequest request) {
        return created(knowledge.addText(botId, request.title(), request.body()));
    }

    @PostMapping(path = "/bots/{botId}/qa", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Add a Q&A pair", description = "A curated answer, preferred when a visitor asks that question.")
    @ApiResponse(responseCode = "201", description = "Stored and queued")
    @ApiResponse(responseCode = "400", description = "Missing question or answer (fields says which)", content = @Content(schema = @Schema(implementation = ApiError.class)))
    @ApiResponse(responseCode = "404", description = "No such bot", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<KnowledgeDocument> addQa(@PathVariable UUID botId, @RequestBody QaRequest request) {
        return created(knowledge.addQa(botId, request.question(), request.answer()));
    }

    @GetMapping("/documents/{id}")
    @Operation(summary = "Get a document and its status", description = "QUEUED → PARSING → EMBEDDING → READY, or FAILED with failureReason.")
    @ApiResponse(responseCode = "200", description = "The document")
    @ApiResponse(responseCode = "404", description = "No such document", content = @Content(schema = @Schema(implementation = ApiError.class)))
    KnowledgeDocument get(@PathVariable UUID id) {
        return existing(id);
    }

    @GetMapping("/documents/{id}/chunks")
    @Operation(summary = "List a document's chunks", description = "The indexed passages in order, with heading path and page.")
    @ApiResponse(responseCode = "200", description = "The chunks")
    @ApiResponse(responseCode = "404", description = "No such document", content = @Content(schema = @Schema(implementation = ApiError.class)))
    List<KnowledgeChunk> chunks(@PathVariable UUID id) {
        existing(id);
        return knowledge.chunks(id);
    }

    @PostMapping("/documents/{id}/reindex")
    @Operation(summary = "Re-index a document", description = "Parses and embeds the stored original again; "
            + "the current chunks stay searchable until the new ones are ready.")
    @ApiResponse(responseCode = "202", description = "Queued")
    @ApiResponse(responseCode = "404", description = "No such document", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<KnowledgeDocument> reindex(@PathVariable UUID id) {
        return ResponseEntity.accepted().body(knowledge.reindex(id));
    }

    @DeleteMapping("/documents/{id}")
    @Operation(summary = "Delete a document", description = "Its chunks leave the bot's knowledge at once.")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "404", description = "No such document", content = @Content(schema = @Schema(implementation = ApiError.class)))
    ResponseEntity<Void> delete(@PathVariable UUID id) {
        existing(id);
        knowledge.delete(id);
        return ResponseEntity.noContent().build();
    }

    private KnowledgeDocument existing(UUID id) {
        return knowledge.find(id).orElseThrow(() -> new NotFound("No such document."));
    }

    // Re-read after commit: the stored row carries the database's created_at.
    private ResponseEntity<KnowledgeDocument> created(KnowledgeDocument doc) {
        KnowledgeDocument stored = knowledge.find(doc.id()).orElse(doc);
        return ResponseEntity.created(URI.create("/api/v1/documents/" + doc.id())).body(stored);
    }
}
