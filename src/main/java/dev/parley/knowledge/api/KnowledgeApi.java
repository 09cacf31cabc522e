package dev.parley.knowledge.api;

import dev.parley.knowledge.AcceptedTypes;
import dev.parley.knowledge.DuplicateDocument;
import dev.parley.knowledge.KnowledgeChunk;
import dev.parley.knowledge.KnowledgeDocument;
import dev.parley.knowledge.KnowledgeProperties;
import dev.parley.knowledge.KnowledgeService;
import dev.parley.knowledge.UploadRefused;
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
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

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

    private static final Logger log = LoggerFactory.getLogger(KnowledgeApi.class);

    private final KnowledgeService knowledge;
    private final BotService bots;
    private final KnowledgeProperties limits;

    KnowledgeApi(KnowledgeService knowledge, BotService bots, KnowledgeProperties limits) {
        this.knowledge = knowledge;
        this.bots = bots;
        this.limits = limits;
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

    static final class NotFound extends RuntimeException {
        NotFound(String message) {
            super(message);
        }
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ApiError> notFound(NotFound e) {
        return error(HttpStatus.NOT_FOUND, ApiError.of(e.getMessage()));
    }

    // A malformed id names nothing, like an unknown one.
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> malformedId(MethodArgumentTypeMismatchException e) {
        return error(HttpStatus.NOT_FOUND, ApiError.of("No such " + ("botId".equals(e.getName()) ? "bot." : "document.")));
    }

    @ExceptionHandler(UploadRefused.class)
    ResponseEntity<ApiError> refused(UploadRefused e) {
        Map<String, String> fields = e.field() == null ? null : Map.of(e.field(), e.getMessage());
        return switch (e.reason()) {
            case UNSUPPORTED_TYPE -> error(HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    new ApiError(e.getMessage(), null, null, AcceptedTypes.EXTENSIONS));
            case TOO_LARGE -> error(HttpStatus.CONTENT_TOO_LARGE, ApiError.of(e.getMessage()));
            case NOT_FOUND -> error(HttpStatus.NOT_FOUND, ApiError.of(e.getMessage()));
            case INVALID, EMPTY -> error(HttpStatus.BAD_REQUEST, new ApiError(e.getMessage(), fields, null, null));
        };
    }

    @ExceptionHandler(DuplicateDocument.class)
    ResponseEntity<ApiError> duplicate(DuplicateDocument e) {
        return error(HttpStatus.CONFLICT, new ApiError("'" + e.existing().title() + "' has the same content. "
                + "Send allowDuplicate=true to add it anyway.", null, e.existing().id(), null));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<ApiError> unreadable(HttpMessageNotReadableException e) {
        return error(HttpStatus.BAD_REQUEST, ApiError.of("The request body is missing or is not valid JSON."));
    }

    // The closest match wins; without this the MultipartException handler below would call it a bad request.
    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e) {
        return error(HttpStatus.CONTENT_TOO_LARGE, ApiError.tooLarge(limits));
    }

    @ExceptionHandler({MissingServletRequestPartException.class, MissingServletRequestParameterException.class,
            MultipartException.class})
    ResponseEntity<ApiError> noFile(Exception e) {
        return error(HttpStatus.BAD_REQUEST, new ApiError("Send the file as multipart/form-data in a part named 'file'.",
                Map.of("file", "Required."), null, null));
    }

    @ExceptionHandler(RuntimeException.class)
    ResponseEntity<ApiError> unexpected(RuntimeException e) {
        log.error("Knowledge API request failed", e);
        return error(HttpStatus.INTERNAL_SERVER_ERROR, ApiError.of("Something went wrong on our side. Try again later."));
    }

    private static ResponseEntity<ApiError> error(HttpStatus status, ApiError body) {
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(body);
    }
}
