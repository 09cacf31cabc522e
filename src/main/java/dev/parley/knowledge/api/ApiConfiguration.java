package dev.parley.knowledge.api;

import dev.parley.knowledge.KnowledgeProperties;
import dev.parley.tenancy.ApiKeyService;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityScheme;
import jakarta.servlet.MultipartConfigElement;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.json.JsonMapper;

/** The key filter, the servlet upload limits and the OpenAPI description of the knowledge API. */
@Configuration(proxyBeanMethods = false)
@OpenAPIDefinition(info = @Info(title = "Parley API", version = "v1",
        description = "Manage a bot's knowledge and chat with it from your own tools. Authenticate with a tenant API key."))
@SecurityScheme(name = ApiConfiguration.SECURITY_SCHEME, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "prly_<prefix>_<secret>",
        description = "A tenant API key. Knowledge reads need the KNOWLEDGE_READ scope, changes KNOWLEDGE_WRITE; chat needs CHAT.")
class ApiConfiguration {

    static final String SECURITY_SCHEME = "apiKey";

    @Bean
    FilterRegistrationBean<KnowledgeKeyFilter> apiKeyFilter(ApiKeyService keys, KnowledgeProperties properties, JsonMapper json) {
        var registration = new FilterRegistrationBean<>(new KnowledgeKeyFilter(keys, properties.maxUploadSize().toBytes(), json));
        registration.addUrlPatterns("/api/v1/*");
        return registration;
    }

    /**
     * The container enforces the knowledge upload limit while it reads a multipart body, so an
     * oversized file is cut off at the limit rather than stored first. Parts go to disk in the data
     * directory (not /tmp, which may be memory) above a small threshold. The console's Vaadin
     * servlet uses the same element. Replaces spring.servlet.multipart.*.
     */
    @Bean
    MultipartConfigElement multipartConfigElement(KnowledgeProperties properties, Environment environment) {
        Path dir = Path.of(environment.getProperty("parley.data-dir", "data")).resolve("tmp").resolve("uploads").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the upload directory " + dir, e);
        }
        long max = properties.maxUploadSize().toBytes();
        return new MultipartConfigElement(dir.toString(), max, max + KnowledgeKeyFilter.MULTIPART_OVERHEAD, 256 * 1024);
    }
}
