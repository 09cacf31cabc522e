package dev.parley.chat;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a chat turn is bounded.
 *
 * @param maxMessageChars  longest visitor message; longer ones get 413 before anything else runs
 * @param passages         passages retrieved per question (the numbered sources)
 * @param sourceTokens     prompt budget for the sources (estimated tokens)
 * @param historyTokens    prompt budget for earlier turns, trimmed oldest first
 * @param answerCacheSize  repeated first questions remembered per node
 * @param answerCacheTtl   how long such an answer is reused at most (also dropped on any change)
 * @param streamTimeout    longest an answer stream may stay open
 * @param rewriteTimeout   longest the LLM may take to rewrite a follow-up question
 */
@ConfigurationProperties("parley.chat")
public record ChatProperties(@DefaultValue("4000") int maxMessageChars,
                             @DefaultValue("6") int passages,
                             @DefaultValue("2500") int sourceTokens,
                             @DefaultValue("1500") int historyTokens,
                             @DefaultValue("2000") int answerCacheSize,
                             @DefaultValue("1h") Duration answerCacheTtl,
                             @DefaultValue("5m") Duration streamTimeout,
                             @DefaultValue("3s") Duration rewriteTimeout) {}
