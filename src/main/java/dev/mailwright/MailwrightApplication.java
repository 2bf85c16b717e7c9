package dev.mailwright;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.mailwright.cli.AdminLauncher;
import dev.mailwright.launch.TrainingLauncher;

@SpringBootApplication
@ConfigurationPropertiesScan
public class MailwrightApplication {
    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("admin")) {
            // the admin command line: no listeners, no web server (README "Administration from the command line")
            System.exit(AdminLauncher.launch(java.util.Arrays.copyOfRange(args, 1, args.length), System.in, System.out, System.err));
        }
        if (args.length > 0 && args[0].equals("train")) {
            // a training run for the JVM's AOT cache: the server on free loopback ports under a scripted load, then exit
            System.exit(TrainingLauncher.launch(java.util.Arrays.copyOfRange(args, 1, args.length)));
        }
        SpringApplication.run(MailwrightApplication.class, args);
    }
}
