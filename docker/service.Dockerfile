# Builds one service of this repository: docker build --build-arg MODULE=planner-service -f docker/service.Dockerfile .
FROM eclipse-temurin:21-jdk AS build
ARG MODULE
WORKDIR /src
COPY . .
RUN ./mvnw -B -q -ntp package -pl ${MODULE} -am -DskipTests -Dspotless.check.skip=true \
    && cp ${MODULE}/target/${MODULE}-*-exec.jar /service.jar

FROM eclipse-temurin:21-jre
RUN apt-get update -qq && apt-get install -y -qq curl && rm -rf /var/lib/apt/lists/*
COPY --from=build /service.jar /app/service.jar
# G1's pause goal at 20 ms instead of 200: the whole JVM stops during a pause, and the writer's p99 from produce
# to commit is meant to stay under 100 ms (docs/BENCHMARKS.md)
ENTRYPOINT ["java", "-XX:MaxGCPauseMillis=20", "-jar", "/app/service.jar"]
