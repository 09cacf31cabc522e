#!/usr/bin/env bash
# Prepares a Debian 12 (bookworm) or 13 (trixie) machine to build, run and test Parley.
#
#   setup-system.sh [--with-browser] [--with-compose]   install what is missing
#   setup-system.sh --print-java-home                   print "export JAVA_HOME=..." and exit
#   source setup-system.sh                              only define the parley_* functions
#
# Every step first checks files on disk, so on a machine that is already set up the script
# finishes in well under a second and never calls apt. System packages are installed as root,
# or through sudo when run by another user; nothing else is done with root rights.
set -euo pipefail

PARLEY_MIN_JAVA=${PARLEY_MIN_JAVA:-21}
# Dedicated apt source, written only while pgvector is built from source (see below).
PARLEY_PGVECTOR_SRC_LIST=/etc/apt/sources.list.d/parley-pgvector-src.sources

parley_log() { printf '[parley setup] %s\n' "$*" >&2; }
parley_die() { printf '[parley setup] ERROR: %s\n' "$*" >&2; exit 1; }

# ---------------------------------------------------------------------------------------------
# JDK discovery (also used by ./parley, which sources this file)
# ---------------------------------------------------------------------------------------------

# Prints the feature version (8, 17, 21, 25, ...) of the JDK at $1; fails if it is not a JDK.
parley_java_major() {
    local home=$1 version=""
    [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
    # The release file answers without starting a JVM, which keeps the fast path fast.
    if [ -r "$home/release" ]; then
        version=$(sed -n 's/^JAVA_VERSION="\{0,1\}\([^"]*\)"\{0,1\}$/\1/p' "$home/release")
    fi
    if [ -z "$version" ]; then
        version=$("$home/bin/java" -version 2>&1 | sed -n '1s/^[^"]*"\([^"]*\)".*/\1/p')
    fi
    version=${version#1.}          # "1.8.0_412" -> "8.0_412"
    version=${version%%[!0-9]*}    # "25.0.1" -> "25"
    [ -n "$version" ] || return 1
    printf '%s\n' "$version"
}

# Prints the home of the JDK to use: $JAVA_HOME when it is new enough, else the newest
# JDK >= PARLEY_MIN_JAVA under /usr/lib/jvm. Fails when there is none.
parley_find_jdk() {
    local dir major best="" best_major=0
    if [ -n "${JAVA_HOME:-}" ] && major=$(parley_java_major "$JAVA_HOME") \
        && [ "$major" -ge "$PARLEY_MIN_JAVA" ]; then
        printf '%s\n' "$JAVA_HOME"
        return 0
    fi
    for dir in /usr/lib/jvm/*; do
        [ -d "$dir" ] || continue
        major=$(parley_java_major "$dir") || continue
        if [ "$major" -ge "$PARLEY_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
            best=$(readlink -f "$dir")
            best_major=$major
        fi
    done
    [ -n "$best" ] || return 1
    printf '%s\n' "$best"
}

# Prints a line that a shell can eval: export JAVA_HOME=/usr/lib/jvm/...
parley_print_java_home() {
    local home
    home=$(parley_find_jdk) || return 1
    printf 'export JAVA_HOME=%q\n' "$home"
}

# Prints the newest PostgreSQL major version that has both the server and pgvector installed.
# This is the same rule the Parley launcher uses to pick its PostgreSQL.
parley_find_pg_with_vector() {
    local v
    for v in $(parley_installed_pg_servers); do
        if [ -f "/usr/share/postgresql/$v/extension/vector.control" ] \
            && [ -f "/usr/lib/postgresql/$v/lib/vector.so" ]; then
            printf '%s\n' "$v"
            return 0
        fi
    done
    return 1
}

# Major versions of installed PostgreSQL servers, newest first. (A client-only install also
# creates /usr/lib/postgresql/NN/bin, so look for the server binary itself.)
parley_installed_pg_servers() {
    local bin
    for bin in /usr/lib/postgresql/*/bin/postgres; do
        [ -x "$bin" ] || continue
        bin=${bin#/usr/lib/postgresql/}
        printf '%s\n' "${bin%%/*}"
    done | sort -rn
}

# ---------------------------------------------------------------------------------------------
# apt helpers: only ever called when something is actually missing
# ---------------------------------------------------------------------------------------------

as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        parley_die "need root rights to run: $* (run as root or install sudo)"
    fi
}

# Waits for a running apt/dpkg (e.g. unattended-upgrades) instead of failing at once.
APT_OPTS=(-y -q -o DPkg::Lock::Timeout=300)
APT_UPDATED=0

apt_update_once() {
    [ "$APT_UPDATED" -eq 1 ] && return 0
    parley_log "apt-get update"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" update >&2
    APT_UPDATED=1
}

pkg_installed() {
    [ "$(dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null)" = installed ]
}

# True when apt can install $1 (the lists must be fresh: call apt_update_once first).
pkg_available() {
    local candidate
    candidate=$(apt-cache policy "$1" 2>/dev/null | sed -n 's/^ *Candidate: *//p')
    [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

# Installs those of the given packages that are not installed yet.
apt_install() {
    local pkg missing=()
    for pkg in "$@"; do
        pkg_installed "$pkg" || missing+=("$pkg")
    done
    [ "${#missing[@]}" -gt 0 ] || return 0
    apt_update_once
    parley_log "installing ${missing[*]}"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get "${APT_OPTS[@]}" install "${missing[@]}" >&2
}

# ---------------------------------------------------------------------------------------------
# Step a: JDK 21+
# ---------------------------------------------------------------------------------------------

setup_jdk() {
    local home v
    if home=$(parley_find_jdk); then
        parley_log "JDK $(parley_java_major "$home"): $home"
        return 0
    fi
    # Debian 13 packages OpenJDK 21 (and later 25); Debian 12 only has 17.
    apt_update_once
    for v in 25 21; do
        if [ "$v" -ge "$PARLEY_MIN_JAVA" ] && pkg_available "openjdk-$v-jdk-headless"; then
            apt_install "openjdk-$v-jdk-headless"
            home=$(parley_find_jdk) || parley_die "openjdk-$v-jdk-headless installed, but no JDK found"
            parley_log "JDK $v: $home"
            return 0
        fi
    done
    parley_die "Parley needs a JDK $PARLEY_MIN_JAVA or newer. Install one, e.g." \
        "\`sudo apt-get install openjdk-21-jdk\` (Debian 13) or Temurin 25 from adoptium.net" \
        "(Debian 12), then run this again or point JAVA_HOME at it."
}

# ---------------------------------------------------------------------------------------------
# Step b: PostgreSQL server + pgvector
# ---------------------------------------------------------------------------------------------

setup_postgres() {
    local v installed packaged
    if v=$(parley_find_pg_with_vector); then
        parley_log "PostgreSQL $v with pgvector: ok"
        return 0
    fi
    apt_update_once
    installed=$(parley_installed_pg_servers)
    # Versions for which Debian packages pgvector (Debian 13: postgresql-17-pgvector).
    packaged=$(apt-cache pkgnames postgresql- 2>/dev/null \
        | sed -n 's/^postgresql-\([0-9][0-9]*\)-pgvector$/\1/p' | sort -rn)
    packaged=$(for v in $packaged; do
        if pkg_available "postgresql-$v-pgvector"; then echo "$v"; fi
    done)

    # Prefer a server that is already installed, so no second PostgreSQL version appears.
    for v in $installed; do
        if grep -qx "$v" <<<"$packaged"; then
            apt_install "postgresql-$v-pgvector"
            verify_pgvector "$v"
            return 0
        fi
    done
    for v in $packaged; do
        if pkg_available "postgresql-$v"; then
            install_pg_server "$v"
            apt_install "postgresql-$v-pgvector"
            verify_pgvector "$v"
            return 0
        fi
    done

    # Debian 12: pgvector is not packaged, so build Debian's own trixie source package.
    v=$(head -n1 <<<"$installed")
    if [ -z "$v" ]; then
        v=$(apt-cache depends postgresql 2>/dev/null \
            | sed -n 's/^ *Depends: postgresql-\([0-9][0-9]*\)$/\1/p;T;q')
        [ -n "$v" ] || parley_die "apt offers no PostgreSQL server package"
    fi
    build_pgvector "$v"
    verify_pgvector "$v"
}

# Installs postgresql-$1 without letting Debian create and start its "main" cluster on port
# 5432: Parley runs its own cluster inside its data directory, on its own port.
install_pg_server() {
    local conf=/etc/postgresql-common/createcluster.conf
    pkg_installed "postgresql-$1" && return 0
    apt_install postgresql-common
    if [ -f "$conf" ] && ! grep -qE '^[[:space:]]*create_main_cluster[[:space:]]*=[[:space:]]*false' "$conf"; then
        parley_log "setting create_main_cluster = false in $conf"
        as_root sed -i -E 's/^[[:space:]]*#?[[:space:]]*create_main_cluster[[:space:]]*=.*/create_main_cluster = false/' "$conf"
    fi
    apt_install "postgresql-$1"
}

verify_pgvector() {
    [ "$(parley_find_pg_with_vector || true)" = "$1" ] \
        || parley_die "pgvector for PostgreSQL $1 is still missing after installing it"
    parley_log "PostgreSQL $1 with pgvector: ok"
}

# Prints "URI SIGNED-BY" for each enabled binary apt source of this machine that serves the
# main component of this Debian release (SIGNED-BY is "-" when the entry names no key file).
# Reads both the one-line format (sources.list, *.list) and deb822 (*.sources).
apt_release_sources() {
    local codename=$1 f
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
        [ -r "$f" ] || continue
        awk -v cn="$codename" '
            { sub(/#.*/, "") }
            $1 != "deb" { next }
            {
                signed = "-"
                if (match($0, /\[[^]]*\]/)) {
                    opts = substr($0, RSTART + 1, RLENGTH - 2)
                    $0 = substr($0, 1, RSTART - 1) " " substr($0, RSTART + RLENGTH)
                    if (match(opts, /signed-by=[^ ]+/)) signed = substr(opts, RSTART + 10, RLENGTH - 10)
                }
                main = 0
                for (i = 4; i <= NF; i++) if ($i == "main") main = 1
                if ($3 == cn && main) print $2, signed
            }' "$f"
    done
    for f in /etc/apt/sources.list.d/*.sources; do
        [ -r "$f" ] || continue
        awk -v cn="$codename" '
            function flush(   n, m, i, j, u, s) {
                if (types ~ /(^| )deb( |$)/ && enabled != "no" && (" " comps " ") ~ / main /) {
                    n = split(uris, u, " "); m = split(suites, s, " ")
                    for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
                        if (s[j] == cn) print u[i], (signed ~ /^\// ? signed : "-")
                }
                types = uris = suites = comps = signed = enabled = key = ""
            }
            /^[[:space:]]*#/ { next }
            /^[[:space:]]*$/ { flush(); next }
            /^[[:space:]]/ { next }   # continuation line (e.g. an inline key block)
            {
                key = tolower(substr($0, 1, index($0, ":") - 1))
                val = substr($0, index($0, ":") + 1)
                gsub(/^[[:space:]]+|[[:space:]]+$/, "", val)
                gsub(/[[:space:]]+/, " ", val)
                if (key == "types") types = val
                else if (key == "uris") uris = val
                else if (key == "suites") suites = val
                else if (key == "components") comps = val
                else if (key == "signed-by") signed = val
                else if (key == "enabled") enabled = tolower(val)
            }
            END { flush() }' "$f"
    done
}

# Prints "URI SIGNED-BY" of the Debian mirror this machine already uses. The mirror is always
# read at run time (PARLEY_DEBIAN_MIRROR overrides it); no host name is kept in the repository.
debian_mirror() {
    local codename uri signed path list
    if [ -n "${PARLEY_DEBIAN_MIRROR:-}" ]; then
        printf '%s -\n' "$PARLEY_DEBIAN_MIRROR"
        return 0
    fi
    # shellcheck source=/dev/null
    codename=$(. /etc/os-release && printf '%s' "${VERSION_CODENAME:-}")
    [ -n "$codename" ] || return 1
    # Trust the signed Release file that apt fetched: it names the archive's origin, which
    # tells Debian's own archive apart from third-party repositories using the same suite.
    while read -r uri signed; do
        case "$uri" in http://* | https://*) ;; *) continue ;; esac
        path=${uri#*://}
        path=${path%/}
        list=/var/lib/apt/lists/${path//\//_}_dists_${codename}_
        if grep -qsx 'Origin: Debian' "${list}InRelease" "${list}Release"; then
            printf '%s %s\n' "$uri" "$signed"
            return 0
        fi
    done < <(apt_release_sources "$codename")
    return 1
}

# Builds pgvector for PostgreSQL $1 from Debian trixie's source package and installs it.
build_pgvector() {
    local v=$1 mirror signed dir src
    parley_log "pgvector is not packaged for PostgreSQL $v here: building it from Debian's source package"
    install_pg_server "$v"
    # clang/llvm (for PostgreSQL's JIT bitcode) come in as dependencies of the -dev package.
    apt_install "postgresql-server-dev-$v" build-essential dpkg-dev xz-utils

    read -r mirror signed < <(debian_mirror) \
        || parley_die "cannot find this machine's Debian mirror in its apt sources; set PARLEY_DEBIAN_MIRROR"
    if [ "$signed" = - ] && [ -r /usr/share/keyrings/debian-archive-keyring.gpg ]; then
        signed=/usr/share/keyrings/debian-archive-keyring.gpg
    fi
    parley_log "adding deb-src for trixie from $mirror ($PARLEY_PGVECTOR_SRC_LIST)"
    # Source packages only (Types: deb-src), so no binary package can come from trixie. The file
    # is removed again after the build, so later apt-get updates don't fetch trixie's index.
    {
        echo "# Written by Parley's setup-system.sh to build pgvector; removed after the build."
        echo "Types: deb-src"
        echo "URIs: $mirror"
        echo "Suites: trixie"
        echo "Components: main"
        [ "$signed" = - ] || echo "Signed-By: $signed"
    } | as_root tee "$PARLEY_PGVECTOR_SRC_LIST" >/dev/null
    PARLEY_CLEANUP_SRC_LIST=1
    APT_UPDATED=0
    apt_update_once

    dir=$(mktemp -d -t parley-pgvector.XXXXXX)
    PARLEY_CLEANUP_DIR=$dir
    # apt drops root rights to the _apt user for downloads; let it write into the folder.
    if [ "$(id -u)" -eq 0 ] && getent passwd _apt >/dev/null; then
        chown _apt "$dir"
    fi
    (cd "$dir" && apt-get -q source --download-only pgvector/trixie >&2) \
        || parley_die "apt-get source pgvector/trixie failed"
    remove_pgvector_src_list

    # apt already checked the files against the signed index, so skip dpkg-source's own check
    # (it would only warn that the Debian developer keyring is not installed).
    dpkg-source --no-check -x "$dir"/pgvector_*.dsc "$dir/src" >&2
    src=$dir/src
    # OPTFLAGS="": no -march=native, so the library also runs if the machine moves to another CPU.
    make -s -C "$src" -j"$(nproc)" PG_CONFIG="/usr/lib/postgresql/$v/bin/pg_config" OPTFLAGS="" >&2
    as_root make -s -C "$src" install PG_CONFIG="/usr/lib/postgresql/$v/bin/pg_config" OPTFLAGS="" >&2
}

remove_pgvector_src_list() {
    if [ "${PARLEY_CLEANUP_SRC_LIST:-0}" -eq 1 ]; then
        as_root rm -f "$PARLEY_PGVECTOR_SRC_LIST"
        PARLEY_CLEANUP_SRC_LIST=0
    fi
}

setup_cleanup() {
    remove_pgvector_src_list || true
    if [ -n "${PARLEY_CLEANUP_DIR:-}" ]; then
        rm -rf "$PARLEY_CLEANUP_DIR"
    fi
}

# ---------------------------------------------------------------------------------------------
# Step c: the rest
# ---------------------------------------------------------------------------------------------

setup_postgres_user() {
    # PostgreSQL refuses to run as root, so when Parley runs as root its launcher runs
    # initdb/pg_ctl as "postgres" via runuser.
    if ! command -v runuser >/dev/null 2>&1; then
        apt_install util-linux
    fi
    if ! getent passwd postgres >/dev/null; then
        # Normally created by the postgresql packages; recreate it the same way if it is gone.
        parley_log "creating system user postgres"
        as_root useradd --system --user-group --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
}

# The repository's Maven wrapper (mvnw) downloads its own Maven; without it, use Debian's.
setup_maven() {
    local root
    root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
    if [ -x "$root/mvnw" ] || command -v mvn >/dev/null 2>&1; then
        return 0
    fi
    apt_install maven
}

# The widget (widget-embed/) is built and tested with Node.js 20+ and npm from the machine;
# nothing downloads a Node.js build. Debian 13 packages Node.js 20.
PARLEY_MIN_NODE=20
node_major() {
    command -v node >/dev/null 2>&1 || { echo 0; return; }
    node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'
}

setup_node() {
    if [ "$(node_major)" -ge "$PARLEY_MIN_NODE" ] && command -v npm >/dev/null 2>&1; then
        parley_log "node: ok ($(node --version))"
        return 0
    fi
    apt_install nodejs npm
    if [ "$(node_major)" -lt "$PARLEY_MIN_NODE" ] || ! command -v npm >/dev/null 2>&1; then
        parley_die "the widget build needs Node.js $PARLEY_MIN_NODE+ with npm; this machine has $(node --version 2>/dev/null || echo none).
Install Node.js $PARLEY_MIN_NODE or newer from your distribution (Debian 13: apt install nodejs npm), then run this again."
    fi
    parley_log "node: ok ($(node --version))"
}

setup_browser() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        parley_log "chromium: ok"
        return 0
    fi
    apt_install chromium chromium-driver
    parley_log "chromium: ok"
}

setup_compose() {
    if command -v docker-compose >/dev/null 2>&1; then
        parley_log "docker-compose: ok"
        return 0
    fi
    apt_update_once
    if pkg_available docker-compose; then
        apt_install docker-compose
        parley_log "docker-compose: ok"
    else
        parley_log "WARNING: apt has no docker-compose package here; tests that need it will be skipped or fail"
    fi
}

setup_usage() {
    cat >&2 <<'EOF'
Usage: setup-system.sh [--with-browser] [--with-compose]
       setup-system.sh --print-java-home
Installs what Parley needs on Debian 12/13: a JDK 21+, PostgreSQL with pgvector, Node.js 20+ with
npm (the widget build), and
optionally Debian's chromium + chromium-driver and docker-compose.
EOF
}

setup_main() {
    local with_browser=0 with_compose=0 arg
    for arg in "$@"; do
        case "$arg" in
            --with-browser) with_browser=1 ;;
            --with-compose) with_compose=1 ;;
            --print-java-home)
                parley_print_java_home || parley_die "no JDK $PARLEY_MIN_JAVA+ found (run setup-system.sh)"
                return 0
                ;;
            -h | --help) setup_usage; return 0 ;;
            *) setup_usage; return 2 ;;
        esac
    done
    trap setup_cleanup EXIT
    setup_jdk
    setup_postgres
    setup_postgres_user
    setup_maven
    setup_node
    [ "$with_browser" -eq 0 ] || setup_browser
    [ "$with_compose" -eq 0 ] || setup_compose
    parley_log "done"
}

# Run only when executed, not when sourced for the parley_* functions.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    setup_main "$@"
fi
