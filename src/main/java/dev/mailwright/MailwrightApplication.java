package dev.mailwright;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MailwrightApplication {
    public static void main(String[] args) {
        SpringApplication.run(MailwrightApplication.class, args);
    }
}
