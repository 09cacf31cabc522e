package dev.parley.widget;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/** The session-token filter, in front of the chat API's key filter. */
@Configuration(proxyBeanMethods = false)
class WidgetConfiguration {

    @Bean
    FilterRegistrationBean<WidgetTokenFilter> widgetTokenFilter(WidgetTokens tokens, WidgetRateLimits limits, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new WidgetTokenFilter(tokens, limits, json));
        registration.addUrlPatterns("/api/v1/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return registration;
    }
}
