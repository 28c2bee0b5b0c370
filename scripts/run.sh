#!/usr/bin/env bash
# The one-command run (make run): install redis-server if absent, start it
# on loopback with append-only persistence in the data directory, start
# `prep serve`, print the URL, and stop both on Ctrl-C.
set -euo pipefail
cd "$(dirname "$0")/.."

export PREP_DATA_DIR=${PREP_DATA_DIR:-./var}
export PREP_ADDR=${PREP_ADDR:-:8080}
PREP_BIN=${PREP_BIN:-./bin/prep}
mkdir -p "$PREP_DATA_DIR/redis"

if ! command -v redis-server >/dev/null 2>&1; then
	echo "run: installing redis-server with apt-get" >&2
	sudo=""
	[[ $(id -u) -eq 0 ]] || sudo=sudo
	$sudo apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends redis-server redis-tools
fi

# Our own Redis, on the first free port from 6379: a system Redis that apt
# may have started keeps its port and its data.
port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
redis_port=${PREP_REDIS_PORT:-6379}
while ! port_free "$redis_port"; do
	redis_port=$((redis_port + 1))
	if ((redis_port > 6399)); then
		echo "run: no free port for redis between 6379 and 6399" >&2
		exit 1
	fi
done
http_port=${PREP_ADDR##*:}
if ! port_free "$http_port"; then
	echo "run: port $http_port is in use; set PREP_ADDR=:8081 (for example)" >&2
	exit 1
fi

redis_pid=""
prep_pid=""
# prep stops first, so it can put in-flight tasks back in Redis; then Redis.
stop() {
	trap - INT TERM EXIT
	echo
	echo "run: stopping prep, then redis" >&2
	if [[ -n $prep_pid ]]; then
		kill -TERM "$prep_pid" 2>/dev/null || true
		wait "$prep_pid" 2>/dev/null || true
	fi
	if [[ -n $redis_pid ]]; then
		kill -TERM "$redis_pid" 2>/dev/null || true
		wait "$redis_pid" 2>/dev/null || true
	fi
}
trap stop INT TERM EXIT

# Redis runs in its own session, so the terminal's Ctrl-C reaches only
# prep and this script, and Redis outlives prep's shutdown.
setsid redis-server --bind 127.0.0.1 --port "$redis_port" --protected-mode yes \
	--dir "$(cd "$PREP_DATA_DIR/redis" && pwd)" \
	--appendonly yes --appendfsync everysec --save "" \
	--maxmemory-policy noeviction \
	--logfile redis.log --daemonize no &
redis_pid=$!
for _ in $(seq 100); do
	redis-cli -p "$redis_port" ping >/dev/null 2>&1 && break
	sleep 0.1
done
redis-cli -p "$redis_port" ping >/dev/null || { echo "run: redis did not start; see $PREP_DATA_DIR/redis/redis.log" >&2; exit 1; }

export PREP_REDIS_URL=${PREP_REDIS_URL:-redis://127.0.0.1:$redis_port/0}
"$PREP_BIN" serve &
prep_pid=$!

for _ in $(seq 200); do
	if (exec 3<>"/dev/tcp/127.0.0.1/$http_port") 2>/dev/null; then
		echo
		echo "  prep is running: http://localhost:$http_port"
		echo "  emails go to $PREP_DATA_DIR/outbox unless PREP_SMTP_URL is set; Ctrl-C stops everything"
		echo
		break
	fi
	kill -0 "$prep_pid" 2>/dev/null || break
	sleep 0.1
done
# Whichever stops first (Ctrl-C, or a crash) stops the other.
wait -n "$prep_pid" "$redis_pid" || true
