package dev.mailwright.store;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Claims the {@link CleanStop} record before any bean opens the database (a bean factory post-processor runs before
 * every ordinary bean) and registers the {@link CleanStop} for the beans that may skip work; records the next one
 * when the JVM ends after the application context has closed (Spring Boot runs its shutdown handlers only then).
 */
@Component
class CleanStopRecorder implements BeanFactoryPostProcessor, EnvironmentAware {
    private static final Logger log = LoggerFactory.getLogger(CleanStopRecorder.class);
    static final String BEAN = "cleanStop";

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        Optional<Path> database = h2File(environment.getProperty("spring.datasource.url", ""));
        CleanStop cleanStop = database.map(CleanStop::claim).orElseGet(CleanStop::none);
        beanFactory.registerSingleton(BEAN, cleanStop);
        database.ifPresent(file -> SpringApplication.getShutdownHandlers().add(() -> {
            if (cleanStop.record(Clock.systemUTC().instant())) {
                log.info("Clean stop recorded for {}: the next start skips the crash checks", file);
            }
        }));
    }

    /**
     * The {@code .mv.db} file of an embedded H2 file URL ({@code jdbc:h2:file:<path>;...} or {@code jdbc:h2:<path>}),
     * absolute; none for other databases, in-memory and server URLs, and paths H2 would resolve itself ({@code ~}).
     */
    static Optional<Path> h2File(String url) {
        if (!url.regionMatches(true, 0, "jdbc:h2:", 0, "jdbc:h2:".length())) {
            return Optional.empty();
        }
        String rest = url.substring("jdbc:h2:".length());
        int options = rest.indexOf(';');
        String name = options < 0 ? rest : rest.substring(0, options);
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.startsWith("file:")) {
            name = name.substring("file:".length());
        } else if (lower.matches("[a-z]{2,}:.*")) {
            return Optional.empty();   // mem:, tcp:, ssl:, zip:, nio: ...
        }
        if (name.isBlank() || name.startsWith("~")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(name + ".mv.db").toAbsolutePath().normalize());
    }
}
