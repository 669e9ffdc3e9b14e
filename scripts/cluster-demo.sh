#!/usr/bin/env bash
# A real Spark standalone cluster on this machine, made of nothing but the jars Maven resolves (no Spark download):
# one Master, two Workers and their executors, each a JVM of its own, all on 127.0.0.1. It submits lab 01's reference
# word count (dev.streaminglabs.solutions.ClusterCheck) to it with SparkSubmit, checks the counts and that the tasks
# ran in executor JVMs started by the workers, prints the figures, and stops everything it started.
#
#   scripts/cluster-demo.sh               # build, run, check (about a minute)
#   scripts/cluster-demo.sh --workers 1   # one worker with two cores (the receiver takes one)
#   scripts/cluster-demo.sh --no-build    # reuse solutions/target/spark-streaming-labs-app.jar
#   scripts/cluster-demo.sh --keep        # keep the temporary Spark home, logs and work folders
#
# Exit code 0 when every check passed; otherwise a "FAIL cluster-demo: ..." line says what went wrong.
# Needs bash 5, curl and timeout: Linux, or macOS with `brew install bash coreutils`.
# Submitting the same jar to a cluster of your own: docs/cluster.md.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
if [ "${BASH_VERSINFO[0]}" -lt 5 ]; then echo "cluster-demo needs bash 5 or later (macOS: brew install bash)" >&2; exit 2; fi
TIMEOUT=$(command -v timeout || command -v gtimeout || true)
for tool in curl "$TIMEOUT"; do
  [ -n "$tool" ] && command -v "$tool" >/dev/null \
    || { echo "cluster-demo needs curl and timeout (macOS: brew install coreutils)" >&2; exit 2; }
done

WORKERS=2
BUILD=true
KEEP=false
while [ $# -gt 0 ]; do
  case $1 in
    --workers) WORKERS=$2; shift 2 ;;
    --no-build) BUILD=false; shift ;;
    --keep) KEEP=true; shift ;;
    -h|--help) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
done
case $WORKERS in 1|2) ;; *) echo "--workers takes 1 or 2" >&2; exit 2 ;; esac
# A socket receiver holds one core for the whole run: the word count needs at least one more.
CORES_PER_WORKER=$((WORKERS == 1 ? 2 : 1))
TOTAL_CORES=$((WORKERS * CORES_PER_WORKER))

APP_JAR=$ROOT/solutions/target/spark-streaming-labs-app.jar
APP_CLASS=dev.streaminglabs.solutions.ClusterCheck
DEPENDENCY_PLUGIN=org.apache.maven.plugins:maven-dependency-plugin:3.7.0
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The flags Spark's own launcher gives a JVM on Java 17+, as the root pom lists them.
SPARK_JVM_FLAGS=$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' pom.xml)" "$(sed -n 's:.*<jdk.jvm.flags>\(.*\)</jdk.jvm.flags>.*:\1:p' pom.xml | head -1)
[ -n "$SPARK_JVM_FLAGS" ] || { echo "FAIL cluster-demo: no <spark.jvm.flags> in pom.xml" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/spark-cluster-demo.XXXXXX")
LOGS=$WORK/logs
mkdir -p "$LOGS"
export SPARK_HOME=$WORK/spark-home SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1

PIDS=()          # every process this script started, master first
PORTS=()         # every port it chose
FAILED=false

# Microseconds since the epoch (EPOCHREALTIME has the locale's decimal separator: removed).
now() { echo "${EPOCHREALTIME/[.,]/}"; }
seconds_since() { awk -v from="$1" -v to="$(now)" 'BEGIN { printf "%.1f", (to - from) / 1e6 }'; }
say() { printf '== %s\n' "$*"; }
fail() {
  FAILED=true
  printf 'FAIL cluster-demo: %s\n' "$*" >&2
  exit 1
}

# Ends the processes this script started, by their ids, then checks that none of them (nor an executor they started)
# is left and that their ports are free again.
cleanup() {
  local status=$? pid left i
  for ((i = ${#PIDS[@]} - 1; i >= 0; i--)); do kill -TERM "${PIDS[i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  done
  # Executors are children of the workers, which stop them on exit; any JVM still running from our temporary Spark
  # home (its path is on every command line we started) would be a leak.
  left=$(pgrep -f -- "$SPARK_HOME" 2>/dev/null || true)
  if [ -n "$left" ]; then
    echo "FAIL cluster-demo: processes still running after the stop: $left — killing them" >&2
    for pid in $left; do kill -KILL "$pid" 2>/dev/null || true; done
    status=1
  fi
  for port in "${PORTS[@]}"; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "FAIL cluster-demo: port $port still open after the stop" >&2; status=1
    fi
  done
  if [ "$status" -ne 0 ] || [ "$FAILED" = true ]; then
    for log in "$LOGS"/driver.err "$LOGS"/master.log "$LOGS"/worker-*.log; do
      [ -s "$log" ] && { echo "---- last lines of $log"; tail -15 "$log"; }
    done
    echo "logs kept in $WORK" >&2
  elif [ "$KEEP" = true ]; then
    echo "kept: $WORK (Spark home, logs/, worker-*/app-*/ executor folders)"
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'fail "interrupted"' INT TERM

# Maven, quietly, offline first (CI and classrooms often have no network); online once if a download is missing.
maven() {
  local log=$LOGS/maven.log
  ./mvnw -B -q -o "$@" >"$log" 2>&1 && return 0
  if grep -q "offline mode" "$log"; then ./mvnw -B -q "$@" >"$log" 2>&1 && return 0; fi
  tail -40 "$log" >&2
  return 1
}

# A port nobody listens on, different from the ones already chosen (stored in the variable named $1).
choose_port() {
  local port
  while :; do
    port=$((20000 + RANDOM % 40000))
    [[ " ${PORTS[*]} " == *" $port "* ]] && continue
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && continue
    PORTS+=("$port"); printf -v "$1" '%s' "$port"; return
  done
}

# Starts a Spark JVM in the background, its output in logs/NAME.log.
start_jvm() {
  local name=$1; shift
  "$JAVA" -Xmx512m $SPARK_JVM_FLAGS "$@" >"$LOGS/$name.log" 2>&1 &
  PIDS+=($!)
}

# Every process started so far must still be running; otherwise say which one died and why.
all_alive() {
  local i
  for i in "${!PIDS[@]}"; do
    kill -0 "${PIDS[i]}" 2>/dev/null || fail "process ${PIDS[i]} died early: see the log above"
  done
}

# Polls a condition every 0.2 s, at most $2 seconds, failing early if a process died.
wait_until() {
  local what=$1 limit=$2; shift 2
  local deadline=$((SECONDS + limit))
  until "$@"; do
    all_alive
    [ "$SECONDS" -lt "$deadline" ] || fail "$what: not ready after ${limit} s"
    sleep 0.2
  done
}

started_at=$(now)

# 1. The application jar: the reference solutions, the harness and the runner, without Spark.
if [ "$BUILD" = true ]; then
  say "building the application jar (./mvnw -Psolutions -pl solutions -am package)"
  build_at=$(now)
  maven -Psolutions -pl solutions -am package -Dmaven.test.skip=true || fail "the solutions build failed"
  build_seconds=$(seconds_since "$build_at")
fi
[ -f "$APP_JAR" ] || fail "no $APP_JAR: run without --no-build"

# 2. A Spark home whose jars/ is Spark's runtime classpath, as Maven resolves it for the workbook's versions.
say "preparing a Spark home from Maven's jars in $SPARK_HOME"
mkdir -p "$SPARK_HOME/jars" "$SPARK_HOME/conf" "$WORK/spark-runtime"
# Maven wants the parent's path relative to the generated pom (an absolute path is not found).
parent_pom=$(realpath --relative-to="$WORK/spark-runtime" "$ROOT/pom.xml")
cat >"$WORK/spark-runtime/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <parent>
    <groupId>dev.streaminglabs</groupId>
    <artifactId>spark-streaming-labs</artifactId>
    <version>1.0.0-SNAPSHOT</version>
    <relativePath>$parent_pom</relativePath>
  </parent>
  <artifactId>spark-runtime</artifactId>
  <packaging>pom</packaging>
  <!-- Versions from the workbook's root pom: what a Spark distribution's jars/ folder would hold. -->
  <dependencies>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-core_\${scala.binary.version}</artifactId></dependency>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-streaming_\${scala.binary.version}</artifactId></dependency>
    <dependency><groupId>org.apache.spark</groupId><artifactId>spark-sql_\${scala.binary.version}</artifactId></dependency>
  </dependencies>
</project>
EOF
maven -f "$WORK/spark-runtime/pom.xml" "$DEPENDENCY_PLUGIN:build-classpath" -DincludeScope=runtime \
  -Dmdep.outputFile="$WORK/spark-runtime/classpath.txt" || fail "cannot resolve Spark's runtime classpath"
tr ':' '\n' <"$WORK/spark-runtime/classpath.txt" | while read -r jar; do ln -s "$jar" "$SPARK_HOME/jars/"; done
jar_count=$(ls "$SPARK_HOME/jars" | wc -l)
# The driver and executors log warnings only, except the line where an executor says which process it is.
cat >"$SPARK_HOME/conf/log4j2.properties" <<'EOF'
rootLogger.level = warn
rootLogger.appenderRef.stderr.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
logger.executor.name = org.apache.spark.executor.CoarseGrainedExecutorBackend
logger.executor.level = info
EOF

# 3. The cluster: a Master, then the Workers, each on ports of its own.
choose_port MASTER_PORT
choose_port MASTER_UI
MASTER_URL=spark://127.0.0.1:$MASTER_PORT
say "starting a standalone Master at $MASTER_URL (UI http://127.0.0.1:$MASTER_UI) and $WORKERS Worker(s)"
cluster_at=$(now)
start_jvm master -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MASTER_PORT" --webui-port "$MASTER_UI"
for i in $(seq "$WORKERS"); do
  choose_port worker_ui
  mkdir -p "$WORK/worker-$i"
  start_jvm "worker-$i" -cp "$SPARK_HOME/jars/*" org.apache.spark.deploy.worker.Worker "$MASTER_URL" \
    --host 127.0.0.1 --cores "$CORES_PER_WORKER" --memory 1g --webui-port "$worker_ui" --work-dir "$WORK/worker-$i"
done
workers_alive() {
  curl -sf "http://127.0.0.1:$MASTER_UI/json/" 2>/dev/null | grep -Eq "\"aliveworkers\" *: *$WORKERS[^0-9]"
}
wait_until "the cluster ($WORKERS worker(s) registered with the master)" 120 workers_alive
cluster_seconds=$(seconds_since "$cluster_at")
say "cluster up in ${cluster_seconds} s: master pid ${PIDS[0]}, worker pid(s) ${PIDS[*]:1}"

# 4. The job, submitted as spark-submit would (client mode: the driver is this JVM, the executors are the workers').
say "submitting $APP_CLASS to $MASTER_URL"
job_at=$(now)
"$TIMEOUT" --kill-after=10 240 "$JAVA" -Xmx512m $SPARK_JVM_FLAGS -cp "$SPARK_HOME/conf:$SPARK_HOME/jars/*" \
  org.apache.spark.deploy.SparkSubmit --master "$MASTER_URL" --deploy-mode client --class "$APP_CLASS" \
  --name "cluster-demo" --conf spark.executor.memory=512m --conf spark.executor.cores=1 \
  --conf spark.cores.max="$TOTAL_CORES" --conf spark.streaming.blockInterval=1s \
  "$APP_JAR" --lines 2000 --chunks 4 --batch-ms 2000 --timeout-seconds 180 \
  >"$LOGS/driver.out" 2>"$LOGS/driver.err" &
PIDS+=($!)
driver_status=0
wait "${PIDS[-1]}" || driver_status=$?
job_seconds=$(seconds_since "$job_at")
# The driver's report of the batches that carried data, then the job's own verdict.
grep -E '^\[batch .*\] [1-9][0-9]* records in' "$LOGS/driver.out" | sed 's/^/  | /' || true
grep '^cluster-check:' "$LOGS/driver.out" | sed 's/^/  /' || true

# 5. The checks.
[ "$driver_status" -ne 124 ] || fail "the job did not finish within 240 s"
grep -q '^cluster-check: OK$' "$LOGS/driver.out" || fail "the job's own check failed (exit code $driver_status)"
[ "$driver_status" -eq 0 ] || fail "the job exited with code $driver_status"
driver_pid=$(sed -n 's/^cluster-check: master .*driver pid \([0-9]*\)$/\1/p' "$LOGS/driver.out")
executor_dirs=$(find "$WORK"/worker-* -mindepth 2 -maxdepth 2 -type d -path '*/app-*/*' | sort)
executor_count=$(printf '%s\n' "$executor_dirs" | grep -c . || true)
# One executor per core (spark.executor.cores=1): two JVMs, on one worker or on two.
[ "$executor_count" -eq "$TOTAL_CORES" ] \
  || fail "expected $TOTAL_CORES executors (one per core), the workers' folders show $executor_count"
executor_pids=$(cat "$WORK"/worker-*/app-*/*/stderr 2>/dev/null | sed -n 's/.*process name: \([0-9]*\)@.*/\1/p' | sort -u | xargs || true)
[ "$(wc -w <<<"$executor_pids")" -eq "$TOTAL_CORES" ] \
  || fail "expected $TOTAL_CORES executor JVMs in the executors' logs, found pids '$executor_pids'"
for pid in $executor_pids; do
  [[ " $driver_pid ${PIDS[*]} " != *" $pid "* ]] || fail "executor pid $pid is not a JVM of its own"
done
task_pids=$(sed -n 's/^cluster-check: tasks ran in //p' "$LOGS/driver.out" | grep -o 'pid [0-9]*' | cut -d' ' -f2 | xargs || true)
for pid in $task_pids; do
  [[ " $executor_pids " == *" $pid "* ]] || fail "a task ran in pid $pid, which is not one of the executors ($executor_pids)"
done

say "figures"
counts=$(sed -n 's/^cluster-check: lines sent/lines sent/p' "$LOGS/driver.out")
printf '  %-16s %s\n' \
  "build" "$([ -n "${build_seconds:-}" ] && echo "$build_seconds s" || echo "skipped (--no-build)")" \
  "Spark home" "$jar_count jars from Maven, app jar $(du -k "$APP_JAR" | cut -f1) KB" \
  "cluster start" "$cluster_seconds s (master + $WORKERS worker(s) × $CORES_PER_WORKER core(s), registered)" \
  "job" "$job_seconds s (spark-submit to exit)" \
  "counts" "$counts" \
  "receiver" "$(sed -n 's/^cluster-check: receiver started on //p' "$LOGS/driver.out")" \
  "streaming" "$(sed -n 's/^cluster-check: \(receiver connected .*\)/\1/p' "$LOGS/driver.out")" \
  "JVMs" "driver $driver_pid, executors $executor_pids (tasks in $task_pids), master ${PIDS[0]}, workers ${PIDS[*]:1:$WORKERS}" \
  "total" "$(seconds_since "$started_at") s"
say "ok: the cluster counted every word, in executor JVMs of their own"
