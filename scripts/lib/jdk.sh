# shellcheck shell=bash
# Sourced helper: find a JDK 21 or newer and export JAVA_HOME.
#
#   . scripts/lib/jdk.sh
#   find_jdk            # sets and exports JAVA_HOME, prints nothing on success
#
# Order of preference:
#   1. $JAVA_HOME, if it is a JDK 21+
#   2. the `java` on PATH, if it belongs to a JDK 21+
#   3. the newest JDK 21+ under /usr/lib/jvm (or $SWITCHBOARD_JVM_DIR)
# If none is found, explains on stderr how to get one and exits 1.
#
# Run directly (`scripts/lib/jdk.sh`) it prints the JAVA_HOME it would use.

SWITCHBOARD_MIN_JAVA=21

# _jdk_version <java_home>: print the full Java version (e.g. 25.0.3, 17.0.15,
# 1.8.0_392) of the JDK at <java_home>; nothing if it is not a usable JDK.
_jdk_version() {
  local home=$1 v=""
  [[ -x "$home/bin/java" && -x "$home/bin/javac" ]] || return 0
  if [[ -r "$home/release" ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release" 2>/dev/null | head -n 1 || true)
  fi
  if [[ -z "$v" ]]; then
    # e.g.: openjdk version "17.0.15" 2025-04-15   /   java version "1.8.0_392"
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/^.* version "\([^"]*\)".*$/\1/p' | head -n 1 || true)
  fi
  printf '%s' "$v"
}

# _jdk_major <version>: 25.0.3 -> 25, 21 -> 21, 1.8.0_392 -> 8
_jdk_major() {
  local v=$1 major
  if [[ $v == 1.* ]]; then v=${v#1.}; fi
  major=${v%%[!0-9]*}
  printf '%s' "${major:-0}"
}

# _jdk_newer <a> <b>: true if version a sorts after version b
_jdk_newer() {
  [[ "$1" != "$2" && "$(printf '%s\n%s\n' "$1" "$2" | sort -V | tail -n 1)" == "$1" ]]
}

# _jdk_ok <java_home>: true if <java_home> is a JDK of version >= 21
_jdk_ok() {
  local v
  v=$(_jdk_version "$1")
  [[ -n "$v" ]] && (( $(_jdk_major "$v") >= SWITCHBOARD_MIN_JAVA ))
}

find_jdk() {
  local candidate java_bin best="" best_v="" v dir

  # 1. JAVA_HOME
  if [[ -n "${JAVA_HOME:-}" ]] && _jdk_ok "$JAVA_HOME"; then
    export JAVA_HOME
    return 0
  fi

  # 2. java on PATH (resolve /usr/bin/java -> /etc/alternatives/java -> .../bin/java)
  if java_bin=$(command -v java 2>/dev/null) && [[ -n "$java_bin" ]]; then
    java_bin=$(readlink -f "$java_bin" 2>/dev/null || printf '%s' "$java_bin")
    candidate=$(dirname "$(dirname "$java_bin")")
    if _jdk_ok "$candidate"; then
      JAVA_HOME=$candidate
      export JAVA_HOME
      return 0
    fi
  fi

  # 3. newest JDK 21+ under /usr/lib/jvm
  for dir in "${SWITCHBOARD_JVM_DIR:-/usr/lib/jvm}"/*; do
    [[ -d "$dir" ]] || continue
    candidate=$(readlink -f "$dir" 2>/dev/null || printf '%s' "$dir")
    v=$(_jdk_version "$candidate")
    [[ -n "$v" ]] || continue
    (( $(_jdk_major "$v") >= SWITCHBOARD_MIN_JAVA )) || continue
    if [[ -z "$best" ]] || _jdk_newer "$v" "$best_v"; then
      best=$candidate
      best_v=$v
    fi
  done
  if [[ -n "$best" ]]; then
    JAVA_HOME=$best
    export JAVA_HOME
    return 0
  fi

  {
    echo "error: Switchboard needs a JDK $SWITCHBOARD_MIN_JAVA or newer, and none was found."
    if [[ -n "${JAVA_HOME:-}" ]]; then
      echo "  JAVA_HOME=$JAVA_HOME is not a JDK $SWITCHBOARD_MIN_JAVA+ (version: $(_jdk_version "$JAVA_HOME" || true))."
    fi
    if command -v java >/dev/null 2>&1; then
      echo "  'java' on PATH is: $(java -version 2>&1 | head -n 1)"
    fi
    echo "  Looked in: \$JAVA_HOME, 'java' on PATH, ${SWITCHBOARD_JVM_DIR:-/usr/lib/jvm}/*"
    echo
    echo "Install one, for example:"
    echo "  - Temurin (Eclipse Adoptium): https://adoptium.net/installation/linux/"
    echo "    on Debian/Ubuntu: add Adoptium's apt repository (see that page), then"
    echo "      apt-get install temurin-21-jdk"
    echo "    (Debian 12 has no openjdk-21-jdk package; Debian 13 and Ubuntu 24.04 do.)"
    echo "  - or SDKMAN: sdk install java 21-tem"
    echo "Or, if a JDK $SWITCHBOARD_MIN_JAVA+ is already installed elsewhere, point JAVA_HOME at it:"
    echo "  export JAVA_HOME=/path/to/jdk-21"
  } >&2
  exit 1
}

# Executed rather than sourced: print the JDK that would be used.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
  set -euo pipefail
  find_jdk
  printf '%s\n' "$JAVA_HOME"
fi
