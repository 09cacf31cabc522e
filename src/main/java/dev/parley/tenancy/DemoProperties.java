package dev.parley.tenancy;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * @param enabled seed a demo workspace on first start (PARLEY_DEMO, default true)
 * @param email    the demo owner's e-mail
 * @param hostPort port of the demo host page on 127.0.0.1 (PARLEY_DEMO_HOST_PORT, default 8081; 0 = any free port)
 */
@ConfigurationProperties("parley.demo")
public record DemoProperties(@DefaultValue("true") boolean enabled, @DefaultValue("demo@parley.local") String email,
                             @DefaultValue("8081") int hostPort) {}
