package dev.parley.knowledge.api;

import dev.parley.knowledge.AcceptedTypes;
import dev.parley.knowledge.DuplicateDocument;
import dev.parley.knowledge.KnowledgeProperties;
import dev.parley.knowledge.UploadRefused;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;

/** The API controllers' own errors as JSON: one place, so documents and sources answer alike. */
@RestControllerAdvice(assignableTypes = {KnowledgeApi.class, SourcesApi.class})
class KnowledgeApiErrors {

    private static final Logger log = LoggerFactory.getLogger(KnowledgeApi.class);

    private final KnowledgeProperties limits;

    KnowledgeApiErrors(KnowledgeProperties limits) {
        this.limits = limits;
    }

    @ExceptionHandler(NotFound.class)
    ResponseEntity<ApiError> notFound(NotFound e) {
        return error(HttpStatus.NOT_FOUND, ApiError.of(e.getMessage()));
    }

    // A malformed id names nothing, like an unknown one.
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<ApiError> malformedId(MethodArgumentTypeMismatchException e, HttpServletRequest request) {
        String what = "botId".equals(e.getName()) ? "bot." : request.getRequestURI().contains("/sources/") ? "source." : "document.";
        return error(HttpStatus.NOT_FOUND, ApiError.of("No such " + what));
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
