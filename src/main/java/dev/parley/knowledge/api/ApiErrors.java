package dev.parley.knowledge.api;

import dev.parley.knowledge.KnowledgeProperties;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * JSON for the errors Spring MVC raises before a controller is chosen (so the API's own handlers
 * never see them): an upload the servlet container cut off at the size limit while streaming it,
 * a wrong content type, a wrong method. Outside /api/v1 they are left to the defaults.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiErrors {

    private final KnowledgeProperties limits;

    ApiErrors(KnowledgeProperties limits) {
        this.limits = limits;
    }

    @ExceptionHandler(MaxUploadSizeExceededException.class)
    ResponseEntity<ApiError> tooLarge(MaxUploadSizeExceededException e, HttpServletRequest request) throws Exception {
        return onlyForApi(request, e, HttpStatus.CONTENT_TOO_LARGE, ApiError.tooLarge(limits).error());
    }

    @ExceptionHandler(HttpMediaTypeNotSupportedException.class)
    ResponseEntity<ApiError> mediaType(HttpMediaTypeNotSupportedException e, HttpServletRequest request) throws Exception {
        return onlyForApi(request, e, HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                "Send " + (e.getSupportedMediaTypes().isEmpty() ? "another content type"
                        : e.getSupportedMediaTypes().getFirst().toString()) + ".");
    }

    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ResponseEntity<ApiError> method(HttpRequestMethodNotSupportedException e, HttpServletRequest request) throws Exception {
        return onlyForApi(request, e, HttpStatus.METHOD_NOT_ALLOWED, "This address does not answer " + e.getMethod() + ".");
    }

    private static ResponseEntity<ApiError> onlyForApi(HttpServletRequest request, Exception e, HttpStatus status,
                                                       String message) throws Exception {
        if (!request.getRequestURI().startsWith(request.getContextPath() + "/api/v1/")) throw e; // the defaults handle it
        return ResponseEntity.status(status).contentType(MediaType.APPLICATION_JSON).body(ApiError.of(message));
    }
}
