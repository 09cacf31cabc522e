package dev.parley.chat.api;

import dev.parley.chat.ChatCaller;
import dev.parley.chat.ChatCallerBinding;
import dev.parley.chat.ChatMessage;
import dev.parley.chat.ChatProperties;
import dev.parley.chat.ChatTurns;
import dev.parley.chat.Conversation;
import dev.parley.chat.ConversationService;
import dev.parley.chat.Turn;
import dev.parley.shared.TenantContext;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat API: start a conversation, send a message and receive the answer as a stream, read
 * the conversation, rate an answer. Authenticated with a tenant API key holding the CHAT scope
 * (the widget's visitor session tokens use the same endpoints: docs/decisions/DD-023-chat-api.md).
 */
@RestController
@RequestMapping(path = "/api/v1")
@Tag(name = "Chat", description = "Conversations with a bot; answers stream as server-sent events")
@SecurityRequirement(name = "apiKey")
@ApiResponse(responseCode = "401", description = "No, an unknown or a revoked API key", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
@ApiResponse(responseCode = "403", description = "The key lacks the CHAT scope", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
class ChatApi {

    record StartRequest(@Schema(description = "Your id for the visitor (optional)") String visitorId) {}

    record SendRequest(@Schema(description = "The visitor's message, at most 4,000 characters") String content,
                       @Schema(description = "Your id for this message: sending it again never duplicates it") String idempotencyKey) {}

    record RateRequest(@Schema(description = "up or down") String rating, @Schema(description = "Optional, at most 2,000 characters") String comment) {}

    private final ConversationService conversations;
    private final ChatTurns turns;
    private final ExecutorService answerThreads;
    private final ChatProperties properties;
    private final OpenStreams streams;
    private final JsonMapper json;

    ChatApi(ConversationService conversations, ChatTurns turns, ExecutorService answerThreads, ChatProperties properties,
            OpenStreams streams, JsonMapper json) {
        this.streams = streams;
        this.json = json;
        this.conversations = conversations;
        this.turns = turns;
        this.answerThreads = answerThreads;
        this.properties = properties;
    }

    @PostMapping(path = "/bots/{botId}/conversations", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Start a conversation with a bot")
    @ApiResponse(responseCode = "201", description = "Started")
    @ApiResponse(responseCode = "404", description = "No such bot", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    ResponseEntity<Conversation> start(@PathVariable UUID botId, @RequestBody(required = false) StartRequest request) {
        return ResponseEntity.status(HttpStatus.CREATED).body(conversations.start(caller(request == null ? null : request.visitorId()), botId));
    }

    @GetMapping(path = "/conversations/{id}/messages", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "A conversation's messages, oldest first", description = "Answers carry their sources, mode, tokens and timings.")
    @ApiResponse(responseCode = "200", description = "The messages")
    @ApiResponse(responseCode = "404", description = "No such conversation", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    List<ChatMessage> messages(@PathVariable UUID id) {
        return conversations.messages(caller(null), id);
    }

    @PostMapping(path = "/conversations/{id}/messages", produces = {MediaType.TEXT_EVENT_STREAM_VALUE, MediaType.APPLICATION_JSON_VALUE})
    @Operation(summary = "Send a message and stream the answer",
            description = "The question is stored before anything else. The answer arrives as server-sent events: `sources` "
                    + "(the numbered sources), `delta` (text pieces, in order), then `done` (message id, mode, model, tokens, "
                    + "time to first token and total) or `error` (code, message, whether sending again may help). Send the same "
                    + "idempotency key again to replay a stored answer instead of asking twice.")
    @ApiResponse(responseCode = "200", description = "The answer stream", content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE))
    @ApiResponse(responseCode = "400", description = "Empty message or bad idempotency key", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    @ApiResponse(responseCode = "404", description = "No such conversation", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    @ApiResponse(responseCode = "409", description = "The idempotency key was used for another message", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    @ApiResponse(responseCode = "413", description = "The message is longer than allowed", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    @ApiResponse(responseCode = "429", description = "The bot's daily message cap or the tenant's monthly token budget is used up (Retry-After says until when)",
            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    SseEmitter send(@PathVariable UUID id, @RequestBody SendRequest request,
                    @Parameter(description = "Alternative to idempotencyKey in the body") @RequestHeader(name = "Idempotency-Key", required = false) String keyHeader) {
        ChatCaller caller = caller(null);
        Turn turn = turns.accept(caller, id, request == null ? null : request.content(), keyHeader != null ? keyHeader : request.idempotencyKey());
        SseEmitter emitter = new SseEmitter(properties.streamTimeout().toMillis());
        SseTurnListener listener = new SseTurnListener(emitter, streams, json);
        answerThreads.execute(() -> TenantContext.runAs(caller.tenant(), null, () -> turns.answer(turn, listener)));
        return emitter;
    }

    @PostMapping(path = "/messages/{id}/feedback", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "Rate an answer up or down", description = "Rating again replaces the earlier rating.")
    @ApiResponse(responseCode = "204", description = "Recorded")
    @ApiResponse(responseCode = "400", description = "Rating not up or down, or comment too long", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    @ApiResponse(responseCode = "404", description = "No such answer", content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = ChatApiErrors.Error.class)))
    ResponseEntity<Void> rate(@PathVariable UUID id, @RequestBody RateRequest request) {
        int rating = request == null || request.rating() == null ? 0 : switch (request.rating().strip().toLowerCase()) {
            case "up", "1", "+1" -> 1;
            case "down", "-1" -> -1;
            default -> 0;
        };
        conversations.rate(caller(null), id, rating, request == null ? null : request.comment());
        return ResponseEntity.noContent().build();
    }

    /**
     * The caller another module bound to this request (a widget visitor: one bot, one visitor,
     * whatever visitor id the body names), else the API key's tenant, bound by the key filter.
     */
    private static ChatCaller caller(String visitorId) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            var bound = ChatCallerBinding.bound(attributes.getRequest());
            if (bound.isPresent()) return bound.get();
        }
        var scope = TenantContext.explicitScope().orElseThrow(() -> new IllegalStateException("No tenant bound by the key filter"));
        return ChatCaller.apiKey(scope.tenantId(), visitorId);
    }
}
