package dev.parley.chat.llm;

import com.openai.errors.BadRequestException;
import com.openai.errors.InternalServerException;
import com.openai.errors.NotFoundException;
import com.openai.errors.OpenAIException;
import com.openai.errors.OpenAIInvalidDataException;
import com.openai.errors.OpenAIIoException;
import com.openai.errors.OpenAIServiceException;
import com.openai.errors.PermissionDeniedException;
import com.openai.errors.RateLimitException;
import com.openai.errors.SseException;
import com.openai.errors.UnauthorizedException;
import com.openai.errors.UnprocessableEntityException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

/**
 * What a failure means for users (a short reason without addresses, keys or server text) and for
 * the circuit breaker: 4xx answers say this request or key is wrong, not that the server is down,
 * and one tenant's bad key must not cut off others who use the same base URL.
 */
final class Failures {

    static final String UNREACHABLE = "The language model could not be reached.";
    static final String TIMED_OUT = "The language model did not answer in time.";
    static final String BUSY = "The language model is busy.";
    static final String SERVER_ERROR = "The language model had a server error.";
    static final String CIRCUIT_OPEN = "The language model is temporarily unavailable.";
    static final String REFUSED_KEY = "The language model refused the API key.";
    static final String REJECTED = "The language model rejected the request.";
    static final String UNKNOWN_MODEL = "The language model or its address was not found.";
    static final String INVALID = "The language model sent an invalid answer.";
    static final String ENDED_EARLY = "The language model's answer ended unexpectedly.";
    static final String STREAM_ERROR = "The language model reported an error.";
    static final String EMPTY = "The language model gave an empty answer.";

    private Failures() {
    }

    /** Any exception of one attempt, before text came. */
    static LlmUnavailable unavailable(Throwable e) {
        return switch (e) {
            case LlmUnavailable u -> u;
            case SseException x -> new LlmUnavailable(STREAM_ERROR, null, true, e);
            case UnauthorizedException x -> new LlmUnavailable(REFUSED_KEY, null, false, e);
            case PermissionDeniedException x -> new LlmUnavailable(REFUSED_KEY, null, false, e);
            case NotFoundException x -> new LlmUnavailable(UNKNOWN_MODEL, null, false, e);
            case BadRequestException x -> new LlmUnavailable(REJECTED, null, false, e);
            case UnprocessableEntityException x -> new LlmUnavailable(REJECTED, null, false, e);
            case RateLimitException x -> new LlmUnavailable(BUSY, null, false, e);
            case InternalServerException x -> new LlmUnavailable(SERVER_ERROR, null, true, e);
            case OpenAIServiceException x -> x.statusCode() >= 500 || x.statusCode() == 408
                    ? new LlmUnavailable(SERVER_ERROR, null, true, e)
                    : new LlmUnavailable(REJECTED, null, false, e);
            case OpenAIInvalidDataException x -> new LlmUnavailable(INVALID, null, true, e);
            default -> new LlmUnavailable(ioReason(e), null, true, e);
        };
    }

    /** Any exception after text came. */
    static String brokenReason(Throwable e) {
        return switch (e) {
            case SseException x -> STREAM_ERROR;
            case OpenAIInvalidDataException x -> INVALID;
            default -> TIMED_OUT.equals(ioReason(e)) ? TIMED_OUT : ENDED_EARLY;
        };
    }

    /** Exception messages: the reason, then for logs what happened technically. */
    static String message(String reason, String detail, Throwable cause) {
        return reason + (detail == null ? "" : " (" + detail + ")") + (cause == null ? "" : " [" + describe(cause) + "]");
    }

    /**
     * For the log line: status, or the chain of exception types (OkHttp reports a read timeout as a
     * SocketTimeoutException caused by "Socket closed"); never a response body, as a 401's may echo the key.
     */
    static String describe(Throwable e) {
        if (e instanceof OpenAIServiceException s && !(e instanceof SseException)) return "HTTP " + s.statusCode();
        StringBuilder out = new StringBuilder(e.getClass().getSimpleName());
        for (Throwable t = e.getCause(); t != null; t = t.getCause() == t ? null : t.getCause()) {
            out.append(" <- ").append(t.getClass().getSimpleName());
            if (t.getMessage() != null && !(t instanceof OpenAIException)) out.append(": ").append(t.getMessage());
        }
        return out.toString();
    }

    private static String ioReason(Throwable e) {
        boolean io = false;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof InterruptedIOException) return TIMED_OUT;
            if (t instanceof ConnectException || t instanceof UnknownHostException) return UNREACHABLE;
            io |= t instanceof IOException || t instanceof OpenAIIoException;
        }
        return io ? ENDED_EARLY : UNREACHABLE; // IO: the connection broke after it was made
    }
}
