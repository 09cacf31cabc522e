package dev.parley.widget;

import dev.parley.chat.ChatCaller;
import dev.parley.chat.ChatCallerBinding;
import dev.parley.tenancy.TenantScopedChain;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lets a widget visitor into the chat API with a session token instead of an API key: a bearer
 * that is a JWT (API keys start with prly_) is verified, the request runs in the token's tenant
 * scope, and the chat API uses a caller bound to the token's bot and visitor. Sending a message
 * is rate limited per visitor, IP and bot, and a bot streams at most so many answers at once.
 * Runs before the chat API's key filter, which then leaves the request alone.
 */
class WidgetTokenFilter extends OncePerRequestFilter {

    static final long MAX_BODY_BYTES = 64 * 1024;
    private static final Pattern SEND = Pattern.compile("/api/v1/conversations/[^/]+/messages");
    private static final Pattern JWT = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*\\.[A-Za-z0-9_-]*");

    private final WidgetTokens tokens;
    private final WidgetRateLimits limits;
    private final JsonMapper json;

    WidgetTokenFilter(WidgetTokens tokens, WidgetRateLimits limits, JsonMapper json) {
        this.tokens = tokens;
        this.limits = limits;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !ChatCallerBinding.isChatPath(request) || bearer(request) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        WidgetTokens.Session session;
        try {
            session = tokens.verify(bearer(request));
        } catch (JwtException e) {
            response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            WidgetErrors.write(response, json, HttpServletResponse.SC_UNAUTHORIZED,
                    "The visitor session is not valid or has expired: start a new one.");
            return;
        }
        if (request.getContentLengthLong() > MAX_BODY_BYTES) {
            response.setHeader("Connection", "close");
            WidgetErrors.write(response, json, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The request is too large.");
            return;
        }
        boolean sending = "POST".equals(request.getMethod())
                && SEND.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
        AtomicBoolean streamHeld = new AtomicBoolean(false);
        if (sending) {
            var settings = limits.settings();
            WidgetRateLimits.Decision decision;
            try {
                decision = limits.consume(List.of(
                        new WidgetRateLimits.Limit("message-visitor", session.botId() + "/" + session.visitorId(), settings.messagesPerVisitor()),
                        new WidgetRateLimits.Limit("message-ip", request.getRemoteAddr(), settings.messagesPerIp()),
                        new WidgetRateLimits.Limit("message-bot", session.botId().toString(), settings.messagesPerBot())));
            } catch (WidgetRateLimits.Unavailable e) {
                // Overloaded (e.g. the pool stayed exhausted): a clear answer the widget retries, not a server error page.
                response.setHeader("Retry-After", String.valueOf(WidgetErrors.BUSY_RETRY_AFTER));
                WidgetErrors.write(response, json, HttpServletResponse.SC_SERVICE_UNAVAILABLE, WidgetErrors.BUSY);
                return;
            }
            response.setHeader("X-RateLimit-Limit", String.valueOf(decision.limit()));
            response.setHeader("X-RateLimit-Remaining", String.valueOf(decision.remaining()));
            if (!decision.allowed()) {
                response.setHeader("Retry-After", String.valueOf(decision.retryAfterSeconds()));
                WidgetErrors.write(response, json, 429, WidgetErrors.TOO_MANY);
                return;
            }
            if (!limits.openStream(session.botId())) {
                response.setHeader("Retry-After", "2");
                WidgetErrors.write(response, json, 429, "This assistant is answering many visitors right now: try again in a moment.");
                return;
            }
            streamHeld.set(true);
        }
        ChatCallerBinding.bind(request, new ChatCaller(session.tenant(), session.botId(), session.visitorId()));
        try {
            TenantScopedChain.proceedAs(session.tenant(), chain, request, response);
        } finally {
            if (streamHeld.get()) {
                if (request.isAsyncStarted()) request.getAsyncContext().addListener(new Release(session, streamHeld));
                else release(session, streamHeld);
            }
        }
    }

    private void release(WidgetTokens.Session session, AtomicBoolean held) {
        if (held.compareAndSet(true, false)) limits.closeStream(session.botId());
    }

    /** A JWT-shaped bearer; API keys (prly_…) are the key filter's. */
    private static String bearer(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        String value = header.substring(7).strip();
        return value.startsWith("prly_") || !JWT.matcher(value).matches() ? null : value;
    }

    /** Gives the stream slot back when the streamed answer ends, however it ends. */
    private final class Release implements AsyncListener {
        private final WidgetTokens.Session session;
        private final AtomicBoolean held;

        Release(WidgetTokens.Session session, AtomicBoolean held) {
            this.session = session;
            this.held = held;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            release(session, held);
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            release(session, held);
        }

        @Override
        public void onError(AsyncEvent event) {
            release(session, held);
        }

        @Override
        public void onStartAsync(AsyncEvent event) {}
    }
}
