package dev.parley;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ParleyApplication {
    public static void main(String[] args) {
        SpringApplication.run(ParleyApplication.class, args);
    }
}
