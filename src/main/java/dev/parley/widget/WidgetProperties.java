package dev.parley.widget;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param tokenLifetime    how long a visitor session token is valid
 * @param renewWindow      how long after it expired a token may still be traded for a new one that
 *                         continues the same visitor and conversation (POST /api/v1/widget/sessions)
 * @param keyRotation      a new signing key is made when the newest is older than this
 * @param limits           rate limits of the public widget API, shared by all nodes
 */
@ConfigurationProperties("parley.widget")
record WidgetProperties(@DefaultValue("2h") Duration tokenLifetime, @DefaultValue("7d") Duration renewWindow,
                        @DefaultValue("30d") Duration keyRotation,
                        @DefaultValue Limits limits) {

    /** The audience of visitor session tokens. */
    static final String AUDIENCE = "parley-widget";

    /**
     * Requests per minute. Sessions and messages each have a per-visitor, per-IP and per-bot
     * bucket; {@code streamsPerBot} caps answers streaming at once for one bot on one node. The
     * public config (one request per page view from the loader, one when the chat opens) has a bucket
     * per IP and bot and one per IP over all bots.
     */
    record Limits(@DefaultValue("10") int sessionsPerVisitor, @DefaultValue("60") int sessionsPerIp,
                  @DefaultValue("600") int sessionsPerBot, @DefaultValue("10") int messagesPerVisitor,
                  @DefaultValue("120") int messagesPerIp, @DefaultValue("600") int messagesPerBot,
                  @DefaultValue("50") int streamsPerBot, @DefaultValue("120") int configPerIpAndBot,
                  @DefaultValue("600") int configPerIp) {}
}
