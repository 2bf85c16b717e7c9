# syntax=docker/dockerfile:1
# Build stage: compile and package the Spring Boot jar with the project's Maven wrapper.
FROM eclipse-temurin:25-jdk AS build
WORKDIR /src
COPY .mvn/ .mvn/
COPY mvnw pom.xml ./
RUN ./mvnw -B -q -ntp dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -q -ntp -DskipTests package && cp target/mailwright-*.jar /mailwright.jar

# Run stage: a JRE, a non-root user, the data directory as a volume.
FROM eclipse-temurin:25-jre
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl libsodium23 libargon2-1 \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system mailwright \
    && useradd --system --gid mailwright --home-dir /data --no-create-home mailwright \
    && mkdir -p /data \
    && chown mailwright:mailwright /data
COPY --from=build /mailwright.jar /tmp/mailwright.jar
# Start-up: the jar extracted (plain class path) and a JDK 25 AOT cache recorded by a training run (`train`: the
# server on free loopback ports under a scripted SMTP and IMAP load, about a minute), so the cache holds the classes
# and the method profiles of the mail paths (docs/BENCHMARKS.md: about 4 s instead of 10 s to all listeners, and
# less CPU per message while the JIT compiles the mail paths, stop 28). Should the training run fail, a start that stops
# after the context refresh records the classes alone. A cache the JVM cannot use is reported and ignored.
RUN java -Djarmode=tools -jar /tmp/mailwright.jar extract --destination /opt/mailwright \
    && mv /opt/mailwright/mailwright-*.jar /opt/mailwright/mailwright.jar \
    && rm /tmp/mailwright.jar \
    && { java -XX:+UseG1GC -XX:AOTCacheOutput=/opt/mailwright/mailwright.aot \
            -jar /opt/mailwright/mailwright.jar train --mailwright.data-dir=/tmp/training \
        || { rm -rf /tmp/training /opt/mailwright/mailwright.aot; \
             java -XX:+UseG1GC -XX:AOTCacheOutput=/opt/mailwright/mailwright.aot -Dspring.context.exit=onRefresh \
                -jar /opt/mailwright/mailwright.jar --mailwright.data-dir=/tmp/training; }; } \
    && rm -rf /tmp/training
USER mailwright
ENV MAILWRIGHT_DATA_DIR=/data
VOLUME ["/data"]
# MX, submission, submissions, IMAP, IMAPS, webmail: all unprivileged inside the container
EXPOSE 2525 2587 2465 2143 2993 8080
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
ENTRYPOINT ["java", "-XX:+UseG1GC", "-XX:MaxRAMPercentage=75", "-XX:AOTCache=/opt/mailwright/mailwright.aot", "-jar", "/opt/mailwright/mailwright.jar"]
