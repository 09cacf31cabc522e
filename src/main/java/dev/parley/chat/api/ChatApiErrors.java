package dev.parley.chat.api;

import dev.parley.chat.ChatRefused;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** The chat API's refusals as JSON with their status, also when the client asked for a stream. */
@RestControllerAdvice(assignableTypes = ChatApi.class)
class ChatApiErrors {

    /** @param error what went wrong, in a sentence a visitor can read */
    record Error(String error) {}

    @ExceptionHandler(ChatRefused.class)
    ResponseEntity<Error> refused(ChatRefused e) {
        var response = ResponseEntity.status(e.reason().status).contentType(MediaType.APPLICATION_JSON);
        if (e.retryAfter() != null) response.header(HttpHeaders.RETRY_AFTER, String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        return response.body(new Error(e.getMessage()));
    }

    // A malformed id names nothing, like an unknown one.
    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ResponseEntity<Error> malformedId(MethodArgumentTypeMismatchException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).contentType(MediaType.APPLICATION_JSON).body(new Error("Not found."));
    }

    @ExceptionHandler(HttpMessageNotReadableException.class)
    ResponseEntity<Error> unreadable(HttpMessageNotReadableException e) {
        return ResponseEntity.status(HttpStatus.BAD_REQUEST).contentType(MediaType.APPLICATION_JSON)
                .body(new Error("Send a JSON body, like {\"content\": \"Hello\"}."));
    }
}
