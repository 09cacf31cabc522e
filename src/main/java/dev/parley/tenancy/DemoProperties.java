package dev.parley.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled seed a demo workspace on first start (PARLEY_DEMO, default true)
 * @param email   the demo owner's e-mail
 */
@ConfigurationProperties("parley.demo")
public record DemoProperties(@DefaultValue("true") boolean enabled, @DefaultValue("demo@parley.local") String email) {}
