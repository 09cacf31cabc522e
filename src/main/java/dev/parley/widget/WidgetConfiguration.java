package dev.parley.widget;

import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import java.time.Duration;
import org.springframework.core.Ordered;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import tools.jackson.databind.json.JsonMapper;

/** The session-token filter, in front of the chat API's key filter; the app's hashed files, cached for a year. */
@Configuration(proxyBeanMethods = false)
class WidgetConfiguration implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        // app.<hash>.js / .css: a new build has new names, so a year is safe.
        registry.addResourceHandler("/widget/app.*").addResourceLocations("classpath:/" + WidgetAssets.BUILD)
                .setCacheControl(CacheControl.maxAge(Duration.ofDays(365)).cachePublic().immutable());
    }

    @Bean
    FilterRegistrationBean<WidgetTokenFilter> widgetTokenFilter(WidgetTokens tokens, WidgetRateLimits limits, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new WidgetTokenFilter(tokens, limits, json));
        registration.addUrlPatterns("/api/v1/*");
        registration.setOrder(Ordered.LOWEST_PRECEDENCE - 100);
        return registration;
    }
}
