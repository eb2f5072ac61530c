package com.marketsync.infra;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A tiny {@code bash} process that outlives its launcher by design: it waits until the launcher's process ends, and
 * if the run's {@link RunLock} file is still there — the launcher was killed (SIGKILL, the OOM killer) or crashed
 * instead of stopping its children and deleting the file — it stops every process the file lists (after checking
 * each one's start time, so a reused pid is never hit): the stop signal first, SIGKILL after 4 s. Ctrl-C and a
 * closed terminal do not stop it (they reach the launcher, which stops cleanly).
 */
public final class Watchdog {

    static final String SCRIPT = """
            launcher=$1 lock=$2
            trap '' HUP INT
            if ! tail -s 0.5 --pid="$launcher" -f /dev/null 2>/dev/null; then
              while kill -0 "$launcher" 2>/dev/null; do sleep 0.5; done
            fi
            [ -f "$lock" ] || exit 0
            echo "$(date '+%F %T') launcher $launcher ended without stopping its processes; stopping those in $lock"
            clk=$(getconf CLK_TCK 2>/dev/null || echo 100)
            btime=$(awk '/^btime/ {print $2}' /proc/stat 2>/dev/null)
            # the fields of /proc/<pid>/stat after the command name: state is the first, starttime the twentieth
            stat_fields() {
              local stat
              { read -r stat < "/proc/$1/stat"; } 2>/dev/null || return 1
              read -r -a fields <<< "${stat##*) }"
            }
            running() {
              if [ -d /proc/self ]; then
                stat_fields "$1" && [ "${fields[0]}" != Z ]
              else
                kill -0 "$1" 2>/dev/null
              fi
            }
            recorded() {
              running "$1" || return 1
              [ -n "$btime" ] && [ "$2" -gt 0 ] && [ -d /proc/self ] || return 0
              local started=$(( btime * 1000 + fields[19] * 1000 / clk ))
              [ $(( started > $2 ? started - $2 : $2 - started )) -le 2000 ]
            }
            now() {
              local micros=${EPOCHREALTIME/[.,]/}
              now_ms=$(( ${micros:-$((SECONDS * 1000000))} / 1000 ))
            }
            await_gone() {
              local deadline
              now; deadline=$((now_ms + $1))
              while :; do
                left=()
                for pid in "${targets[@]}"; do running "$pid" && left+=("$pid"); done
                now
                if [ ${#left[@]} -eq 0 ] || [ $now_ms -ge $deadline ]; then return; fi
                sleep 0.1
              done
            }
            targets=()
            while IFS=$'\\t' read -r name pid started signal _; do
              case "$name" in ''|'#'*|launcher|watchdog) continue ;; esac
              if recorded "$pid" "$started"; then
                echo "stopping $name (pid $pid) with SIG$signal"
                kill -s "$signal" "$pid" 2>/dev/null
                targets+=("$pid")
              fi
            done < "$lock"
            await_gone 4000
            for pid in "${left[@]}"; do
              echo "killing pid $pid"
              kill -KILL "$pid" 2>/dev/null
            done
            await_gone 5000
            [ ${#left[@]} -eq 0 ] && rm -f "$lock"
            echo "$(date '+%F %T') done"
            """;

    private Watchdog() {}

    /** The watchdog of the launcher {@code launcherPid}, acting on the lock file {@code lockFile}. */
    public static ChildSpec spec(long launcherPid, Path lockFile, Path logFile) {
        return ChildSpec.of(
                        RunLock.WATCHDOG,
                        List.of(
                                "bash",
                                "-c",
                                SCRIPT,
                                "market-sync-watchdog",
                                Long.toString(launcherPid),
                                lockFile.toAbsolutePath().toString()),
                        logFile)
                .withStop(ChildSpec.StopSignal.TERM, Duration.ofSeconds(2));
    }
}
