# syntax=docker/dockerfile:1
# One image recipe for both services; docker-compose.yml picks the module with the SERVICE build arg:
#   docker build --build-arg SERVICE=command-side -t recon-command-side .
#   docker build --build-arg SERVICE=query-side   -t recon-query-side .

# ---- build: the Maven wrapper, the same way ./run.sh and CI build ----
FROM eclipse-temurin:17-jdk AS build
ARG SERVICE=command-side
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn/ .mvn/
COPY shared-api/ shared-api/
COPY dev-database/ dev-database/
COPY service-support/ service-support/
COPY command-side/ command-side/
COPY query-side/ query-side/
# The cache mount keeps ~/.m2 between builds (BuildKit, the default builder of docker compose).
RUN --mount=type=cache,target=/root/.m2 \
    ./mvnw -B -q -DskipTests -pl "${SERVICE}" -am package \
 && cp "${SERVICE}/target/${SERVICE}.jar" /src/app.jar

# ---- run: a JRE and the service's executable jar, as an unprivileged user ----
FROM eclipse-temurin:17-jre
ARG SERVICE=command-side
LABEL org.opencontainers.image.title="recon-${SERVICE}" \
      org.opencontainers.image.description="Inventory reconciliation service: ${SERVICE}"
RUN groupadd --system recon && useradd --system --gid recon --home-dir /app --no-create-home recon
WORKDIR /app
COPY --from=build /src/app.jar /app/app.jar
USER recon
EXPOSE 8080 8081
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
# exec form: java is PID 1 and receives SIGTERM from `docker stop` (graceful shutdown)
ENTRYPOINT ["java", "-jar", "/app/app.jar"]
