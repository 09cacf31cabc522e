package dev.parley.chat.llm;

/**
 * No answer text came at all (refused, unreachable, timed out, circuit open, ...): the caller can
 * still fall back to an extractive answer, as nothing was shown to the user yet.
 */
public class LlmUnavailable extends RuntimeException {

    private final String reason;
    /** Whether this says the endpoint is unhealthy (counts for its circuit breaker). */
    private final transient boolean endpointFault;

    LlmUnavailable(String reason, String detail, boolean endpointFault, Throwable cause) {
        super(Failures.message(reason, detail, cause), cause);
        this.reason = reason;
        this.endpointFault = endpointFault;
    }

    /** Short, safe to show to users: no address, no key, no server message. */
    public String reason() {
        return reason;
    }

    boolean endpointFault() {
        return endpointFault;
    }
}
