package dev.parley.webhooks;

/** How one attempt went. */
record SendResult(Outcome outcome, Integer statusCode, int durationMs, String detail) {

    enum Outcome {
        OK, HTTP_ERROR, TIMED_OUT, CONNECTION_FAILED, REFUSED, GONE;

        /** Worth another attempt later: the receiver may recover. */
        boolean retryable() {
            return this == HTTP_ERROR || this == TIMED_OUT || this == CONNECTION_FAILED;
        }
    }

    /** One line for the delivery's row in the log. */
    String summary() {
        return switch (outcome) {
            case OK -> "Delivered (" + statusCode + ")";
            case HTTP_ERROR -> "Receiver answered " + statusCode;
            case GONE -> "Receiver answered 410 Gone; endpoint switched off";
            case TIMED_OUT, CONNECTION_FAILED, REFUSED -> detail;
        };
    }
}
