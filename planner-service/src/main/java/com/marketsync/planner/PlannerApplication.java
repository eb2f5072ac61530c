package com.marketsync.planner;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The planner service: owns the catalog and emits SyncRequest events for what is due. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PlannerApplication {

    public static void main(String[] args) {
        SpringApplication.run(PlannerApplication.class, args);
    }
}
