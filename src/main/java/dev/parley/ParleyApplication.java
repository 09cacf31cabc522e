package dev.parley;

import dev.parley.platform.DataCommands;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ParleyApplication {
    public static void main(String[] args) {
        // Nothing phones home: Liquibase's usage analytics and Vaadin's usage statistics are off
        // unless someone deliberately turns them on.
        System.setProperty("liquibase.analytics.enabled", System.getProperty("liquibase.analytics.enabled", "false"));
        System.setProperty("vaadin.usageStatistics", System.getProperty("vaadin.usageStatistics", "false"));
        // backup/restore run without the application, so they work whether Parley runs or not.
        if (DataCommands.handles(args)) System.exit(DataCommands.run(args));
        SpringApplication.run(ParleyApplication.class, args);
    }
}
