package dev.parley.chat.api;

import dev.parley.chat.ChatCallerBinding;
import dev.parley.tenancy.ApiKeyFilter;
import dev.parley.tenancy.ApiKeyService;
import dev.parley.tenancy.ApiScope;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/**
 * The chat API's key check (scope CHAT for every call) and the threads answers stream on: one
 * virtual thread per answer, since an answer mostly waits on the LLM.
 */
@Configuration(proxyBeanMethods = false)
class ChatApiConfiguration {

    static final Pattern CHAT_PATHS = ChatCallerBinding.CHAT_PATHS;
    /** A message has at most a few thousand characters; a body far beyond that is refused unread. */
    static final long MAX_BODY_BYTES = 1024 * 1024;

    @Bean
    FilterRegistrationBean<ApiKeyFilter> chatKeyFilter(ApiKeyService keys, JsonMapper json) {
        var filter = new ApiKeyFilter(keys, json, CHAT_PATHS, ApiScope.CHAT, ApiScope.CHAT) {
            @Override
            protected boolean shouldNotFilter(HttpServletRequest request) {
                // Already authenticated by another module (a widget session token).
                return super.shouldNotFilter(request) || ChatCallerBinding.bound(request).isPresent();
            }

            @Override
            protected Optional<Refusal> check(HttpServletRequest request) {
                return request.getContentLengthLong() > MAX_BODY_BYTES
                        ? Optional.of(new Refusal(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "The request is too large.", true))
                        : Optional.empty();
            }
        };
        var registration = new FilterRegistrationBean<ApiKeyFilter>(filter);
        registration.addUrlPatterns("/api/v1/*");
        return registration;
    }

    @Bean(destroyMethod = "close")
    ExecutorService answerThreads() {
        return Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("parley-answer-", 0).factory());
    }
}
