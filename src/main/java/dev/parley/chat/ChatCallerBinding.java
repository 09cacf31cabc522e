package dev.parley.chat;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hook other modules use to authenticate chat API requests themselves (the widget's visitor
 * session tokens): a filter in front of the API-key filter binds the tenant scope and puts a
 * {@link ChatCaller} on the request; the chat API then uses that caller, and the API-key filter
 * leaves the request alone.
 */
public final class ChatCallerBinding {

    /** The chat API's paths (relative to the context path). */
    public static final Pattern CHAT_PATHS =
            Pattern.compile("/api/v1/(bots/[^/]+/conversations|conversations/[^/]+(/messages)?|messages/[^/]+/feedback)");

    private static final String ATTRIBUTE = ChatCallerBinding.class.getName() + ".caller";

    private ChatCallerBinding() {}

    public static void bind(HttpServletRequest request, ChatCaller caller) {
        request.setAttribute(ATTRIBUTE, caller);
    }

    public static Optional<ChatCaller> bound(HttpServletRequest request) {
        return request.getAttribute(ATTRIBUTE) instanceof ChatCaller caller ? Optional.of(caller) : Optional.empty();
    }

    /** Whether a request's path is a chat API path. */
    public static boolean isChatPath(HttpServletRequest request) {
        return CHAT_PATHS.matcher(request.getRequestURI().substring(request.getContextPath().length())).matches();
    }
}
