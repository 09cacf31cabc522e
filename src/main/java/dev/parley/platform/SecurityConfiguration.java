package dev.parley.platform;

import com.vaadin.flow.spring.security.VaadinSecurityConfigurer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.SecurityFilterChain;

/**
 * Two chains: the stateless HTTP API (its controllers check their own bearer credentials) and
 * the console, where Vaadin's configurer sets up form login, CSRF and view access control.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
class SecurityConfiguration {

    static final String LOGIN_ROUTE = "login";

    @Bean
    @Order(1)
    SecurityFilterChain apiChain(HttpSecurity http) throws Exception {
        // The JWKS of visitor session tokens is public and stateless like the API.
        return http.securityMatcher("/api/**", "/.well-known/jwks.json")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // no cookies are read on /api: nothing for CSRF to ride on
                .requestCache(cache -> cache.disable())
                .build();
    }

    /**
     * The widget's public files and its iframe page: no session, no login, and no X-Frame-Options,
     * since the frame page is meant to be framed; its own CSP frame-ancestors names where. Caching
     * is set per file by the widget module.
     */
    @Bean
    @Order(2)
    SecurityFilterChain widgetChain(HttpSecurity http) throws Exception {
        return http.securityMatcher("/embed.js", "/widget/**")
                .authorizeHttpRequests(auth -> auth.anyRequest().permitAll())
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .csrf(csrf -> csrf.disable()) // GET only, nothing to forge
                .requestCache(cache -> cache.disable())
                .headers(headers -> headers.frameOptions(f -> f.disable()).cacheControl(c -> c.disable()))
                .build();
    }

    @Bean
    @Order(3)
    SecurityFilterChain consoleChain(HttpSecurity http) throws Exception {
        http.authorizeHttpRequests(auth -> auth
                .requestMatchers("/actuator/health/**", "/actuator/prometheus").permitAll()
                // The console's own stylesheets and chart script (Vaadin permits only its own static paths, such as
                // /icons; these hold no data).
                .requestMatchers("/styles/**", "/console/**").permitAll()
                // Pages that embed a bot on Parley's own origin (console's preview and test page): any signed-in
                // member; the page finds the bot only in the member's workspace (console.bots.BotPages, DD-045).
                .requestMatchers("/bot-preview/**", "/bot-test/**", "/scripts/bot-preview.js").authenticated());
        http.headers(headers -> headers
                .contentTypeOptions(c -> {})
                .referrerPolicy(r -> r.policy(
                        org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy.SAME_ORIGIN))
                .frameOptions(f -> f.sameOrigin()));
        // The API description is public: it holds no data, and clients need it before they have a key.
        http.authorizeHttpRequests(auth -> auth.requestMatchers("/v3/api-docs", "/v3/api-docs/**").permitAll());
        return http.with(VaadinSecurityConfigurer.vaadin(), vaadin -> vaadin.loginView("/" + LOGIN_ROUTE, "/" + LOGIN_ROUTE))
                .build();
    }

    /** BCrypt by default; the delegating encoder lets stored hashes be upgraded at sign-in. */
    @Bean
    PasswordEncoder passwordEncoder() {
        return PasswordEncoderFactories.createDelegatingPasswordEncoder();
    }
}
