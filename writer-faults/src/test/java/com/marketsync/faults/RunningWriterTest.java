package com.marketsync.faults;

import com.marketsync.testkit.TestInfra;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fault test over one writer started from its executable jar with default settings, against empty topics and a
 * fresh database of its own; stopped after each test.
 */
abstract class RunningWriterTest {

    protected KafkaProbe kafka;
    protected WriterDatabase database;
    protected WriterProcess writer;

    private final String name;

    /** @param name the writer process's name (its log file), e.g. {@code late-arrivals}; also names the database */
    RunningWriterTest(String name) {
        this.name = name;
    }

    @BeforeEach
    void startWriter() {
        kafka = KafkaProbe.withEmptyTopics();
        database = new WriterDatabase(TestInfra.newDatabase(name.replace('-', '_')));
        writer = WriterProcess.start(name, FaultTests.writerProperties(database, kafka, Map.of()));
    }

    @AfterEach
    void stop() {
        if (writer != null) {
            writer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }
}
