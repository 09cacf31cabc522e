package dev.parley.chat;

import dev.parley.shared.TenantId;
import java.util.UUID;

/**
 * Who is chatting. A tenant API key may use every bot of its tenant ({@code onlyBot} null); a
 * visitor's session token (the widget) is bound to one bot and one visitor.
 */
public record ChatCaller(TenantId tenant, UUID onlyBot, String visitorId) {

    public static ChatCaller apiKey(TenantId tenant, String visitorId) {
        return new ChatCaller(tenant, null, visitorId == null || visitorId.isBlank() ? "api" : visitorId.strip());
    }

    boolean mayUse(UUID botId) {
        return onlyBot == null || onlyBot.equals(botId);
    }
}
