package com.marketsync.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.marketsync.infra.RunControl;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The options of {@code ./run-local}: running the stack, {@code --status}, {@code --stop} and {@code --start}. */
class CommandLineTest {

    @Test
    void withoutAModeOptionItRunsTheStackWithTheGivenSettings() {
        CommandLine command = CommandLine.parse(
                "--fresh", "--replicas", "3", "--set", "a=b", "--port", "registry=18081", "--data-dir", "/tmp/d");

        assertThat(command.mode()).isEqualTo(CommandLine.Mode.RUN);
        assertThat(command.settings().fresh()).isTrue();
        assertThat(command.settings().replicas()).isEqualTo(3);
        assertThat(command.settings().overrides()).containsExactly("a=b");
        assertThat(command.settings().ports().registry()).isEqualTo(18081);
        assertThat(command.settings().dataDir()).isEqualTo(Path.of("/tmp/d"));
        assertThat(command.control()).isNull();
    }

    @Test
    void stopHoldsAComponentStoppedAndWithKillItIsKilledInstead() {
        CommandLine stop = CommandLine.parse("--stop", "postgresql", "--data-dir", "/tmp/d");
        CommandLine kill = CommandLine.parse("--kill", "--stop", "kafka");

        assertThat(stop.mode()).isEqualTo(CommandLine.Mode.CONTROL);
        assertThat(stop.control()).isEqualTo(new RunControl.Request(RunControl.Action.STOP, "postgresql"));
        assertThat(stop.settings().dataDir()).isEqualTo(Path.of("/tmp/d"));
        assertThat(kill.control()).isEqualTo(new RunControl.Request(RunControl.Action.KILL, "kafka"));
        assertThat(kill.settings().dataDir()).isEqualTo(Path.of(".local-stack"));
    }

    @Test
    void startStartsAComponentAgainAndTheLauncherOptionsAroundItAreAccepted() {
        CommandLine start = CommandLine.parse(
                "--data-dir", "/tmp/d", "--services", "/s", "--port", "kafka=19092", "--start", "kafka");

        assertThat(start.mode()).isEqualTo(CommandLine.Mode.CONTROL);
        assertThat(start.control()).isEqualTo(new RunControl.Request(RunControl.Action.START, "kafka"));
    }

    @Test
    void statusAndHelp() {
        assertThat(CommandLine.parse("--status").mode()).isEqualTo(CommandLine.Mode.STATUS);
        assertThat(CommandLine.parse("--stop", "kafka", "--help").mode()).isEqualTo(CommandLine.Mode.HELP);
    }

    @Test
    void optionsThatDoNotGoTogetherOrLackAValueAreRefusedSayingHowToUseThem() {
        assertThatThrownBy(() -> CommandLine.parse("--stop", "kafka", "--start", "kafka"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--status, --stop and --start go one at a time");
        assertThatThrownBy(() -> CommandLine.parse("--status", "--stop", "kafka"))
                .hasMessage("--status, --stop and --start go one at a time");
        assertThatThrownBy(() -> CommandLine.parse("--kill"))
                .hasMessage("--kill goes with --stop <component>, e.g. ./run-local --stop kafka --kill");
        assertThatThrownBy(() -> CommandLine.parse("--start", "kafka", "--kill"))
                .hasMessage("--kill goes with --stop <component>, e.g. ./run-local --stop kafka --kill");
        assertThatThrownBy(() -> CommandLine.parse("--stop")).hasMessage("--stop needs a value");
        assertThatThrownBy(() -> CommandLine.parse("--stop", "--kill")).hasMessage("--stop needs a value");
        assertThatThrownBy(() -> CommandLine.parse("--replicas", "two"))
                .hasMessage("--replicas takes a number; got two");
        assertThatThrownBy(() -> CommandLine.parse("--replicas", "0")).hasMessage("--replicas must be at least 1");
        assertThatThrownBy(() -> CommandLine.parse("--restart", "kafka")).hasMessage("Unknown option --restart");
    }
}
