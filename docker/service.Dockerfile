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
ENTRYPOINT ["java", "-jar", "/app/service.jar"]
