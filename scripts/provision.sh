#!/usr/bin/env bash
# Provision the Python interpreters the test-suite needs, under target/provision/.
#
#   scripts/provision.sh               provision (no-op when already done)
#   scripts/provision.sh --print-env   provision, then print `export` lines:
#                                        eval "$(scripts/provision.sh --print-env)"
#
# What it provides (see scripts/README.md):
#   target/provision/bin/python3.14   wrapper running Debian sid's CPython 3.14
#                                      through sid's own dynamic loader
#   target/provision/py315env/bin/python3.15
#                                      the same for Debian sid's CPython 3.15 (its own
#                                      pyvenv.cfg in py315env/), for the 3.15 target
#   target/provision/py314-site/      setuptools + packaging for that 3.14 (only
#                                      on sys.path when put on PYTHONPATH)
#   target/provision/venv311/         `python3 -m venv` (3.11) + test tooling
#                                      pinned in scripts/requirements-test.txt
#   target/provision/wheels314/       pinned wheels (pip, setuptools, backports) to
#                                      install projects into 3.14 virtualenvs offline
#   ~/.cargo registry                  `cargo fetch --locked`: every crate of every
#                                      platform, so that maturin builds offline
#
# It never modifies the system: apt-get runs with a private configuration whose
# state, caches and sources all live under target/provision/apt/, nothing is
# installed with dpkg (packages are only unpacked with `dpkg -x`), and no root
# rights are needed. Every part is built, checked, and then marked complete with
# a stamp file; a later run whose stamps all match does nothing. Removing
# target/provision forces a full re-provision.
#
# Only --print-env's `export` lines go to stdout; everything else goes to stderr.
set -euo pipefail

# --- everything below writes to stderr; fd 3 is the real stdout -------------
exec 3>&1 1>&2

log() { printf 'provision: %s\n' "$*" >&2; }
die() { printf 'provision: ERROR: %s\n' "$*" >&2; exit 1; }

usage() {
    cat >&2 <<'EOF'
usage: scripts/provision.sh [--print-env]

Provision CPython 3.14 and 3.15 (Debian sid), a setuptools/packaging site dir
for 3.14, a Python 3.11 test venv and a wheelhouse for 3.14 virtualenvs under
target/provision/. With --print-env, print shell `export` lines for
SNAKESHIFT_PY314, SNAKESHIFT_PY315, SNAKESHIFT_PY314_SITE, SNAKESHIFT_VENV311,
SNAKESHIFT_WHEELS314.
Force a re-provision with: rm -rf target/provision
EOF
}

print_env=0
for arg in "$@"; do
    case "$arg" in
        --print-env) print_env=1 ;;
        -h|--help) usage; exit 0 ;;
        *) usage; die "unknown argument: $arg" ;;
    esac
done

# --- configuration ------------------------------------------------------------
# Bump STAMP_VERSION when the build logic changes, to invalidate old stamps.
STAMP_VERSION=2

DEBIAN_SUITE=sid
DEBIAN_COMPONENT=main
DEBIAN_KEYRING=/usr/share/keyrings/debian-archive-keyring.gpg
# python3.14-minimal/libpython3.14-* and their run-time library dependencies
# (apt-cache depends), enough for ssl, sqlite3, ctypes, lzma, bz2, zlib,
# hashlib, readline, curses, uuid, decimal, json, asyncio, zoneinfo and dbm.
DEBIAN_PACKAGES=(
    python3.14-minimal libpython3.14-minimal libpython3.14-stdlib
    libc6 libgcc-s1 libssl3t64 libexpat1 zlib1g libffi8 libbz2-1.0 liblzma5
    libsqlite3-0 libzstd1 libuuid1 libncursesw6 libtinfo6 libreadline8t64
    readline-common libdb5.3t64 media-types tzdata
)
# The same for 3.15: its three packages and the same run-time library dependencies.
DEBIAN_PACKAGES_315=(
    python3.15-minimal libpython3.15-minimal libpython3.15-stdlib
    "${DEBIAN_PACKAGES[@]:3}"
)
# Modules that must import under the provisioned 3.14 (and 3.15).
PY314_CHECK_MODULES="ssl, sqlite3, ctypes, lzma, bz2, zlib, hashlib, readline, curses, uuid, decimal, json, asyncio, zoneinfo, dbm, compression.zstd"

# Pure-Python wheels for the 3.14 site dir (3.14 has no pip).
PY314_SITE_PINS=(setuptools==80.9.0 packaging==25.0)
# A local wheelhouse for installing projects into CPython 3.14 virtualenvs without the
# network: pip itself (run from its wheel: sid's minimal 3.14 has no ensurepip), the
# setuptools build backend, and the backport packages the --backports test depends on.
WHEELS314_PINS=(pip==26.3 setuptools==80.9.0 standard-asyncore==3.13.0 standard-imghdr==3.13.0)

# --- paths ----------------------------------------------------------------------
SCRIPT_DIR="$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd -P)"
PROJECT_ROOT="$(cd -- "$SCRIPT_DIR/.." && pwd -P)"
PROV="$PROJECT_ROOT/target/provision"
REQUIREMENTS="$SCRIPT_DIR/requirements-test.txt"

APT_DIR="$PROV/apt"
PY314_DIR="$PROV/py314"
PY314_ROOT="$PY314_DIR/root"
PY314_BIN="$PROV/bin/python3.14"
PY314_CFG="$PROV/pyvenv.cfg"
PY314_SITE="$PROV/py314-site"
VENV311="$PROV/venv311"
WHEELS314="$PROV/wheels314"

PY314_STAMP="$PY314_DIR/.provision-stamp"
# 3.15 lives in its own "venv" directory: the pyvenv.cfg next to bin/ in target/provision
# is 3.14's.
PY315_DIR="$PROV/py315"
PY315_ROOT="$PY315_DIR/root"
PY315_ENV="$PROV/py315env"
PY315_BIN="$PY315_ENV/bin/python3.15"
PY315_CFG="$PY315_ENV/pyvenv.cfg"
PY315_STAMP="$PY315_DIR/.provision-stamp"
SITE_STAMP="$PY314_SITE/.provision-stamp"
VENV_STAMP="$VENV311/.provision-stamp"
WHEELS_STAMP="$WHEELS314/.provision-stamp"
CARGO_STAMP="$PROV/.cargo-fetch-stamp"

HOST_PYTHON="${SNAKESHIFT_HOST_PYTHON:-python3}"

# Architecture-dependent names (only what Debian ships for the loader).
arch_info() {
    DEB_ARCH="$(dpkg --print-architecture)" || die "dpkg --print-architecture failed"
    case "$DEB_ARCH" in
        amd64) MULTIARCH=x86_64-linux-gnu; LOADER_NAME=ld-linux-x86-64.so.2 ;;
        arm64) MULTIARCH=aarch64-linux-gnu; LOADER_NAME=ld-linux-aarch64.so.1 ;;
        *) die "unsupported architecture '$DEB_ARCH' (only amd64 and arm64 are handled)" ;;
    esac
    PY314_LIBDIR="$PY314_ROOT/usr/lib/$MULTIARCH"
    PY314_LOADER="$PY314_LIBDIR/$LOADER_NAME"
    PY315_LIBDIR="$PY315_ROOT/usr/lib/$MULTIARCH"
    PY315_LOADER="$PY315_LIBDIR/$LOADER_NAME"
}

# use_py VERSION: point the PY_* variables the interpreter functions below work on at
# CPython VERSION (3.14 or 3.15).
use_py() {
    PY_VER="$1"
    case "$PY_VER" in
        3.14) PY_DIR="$PY314_DIR" PY_ROOT="$PY314_ROOT" PY_BIN="$PY314_BIN" PY_CFG="$PY314_CFG"
              PY_STAMP="$PY314_STAMP" PY_LIBDIR="$PY314_LIBDIR" PY_LOADER="$PY314_LOADER"
              PY_PACKAGES=("${DEBIAN_PACKAGES[@]}") ;;
        3.15) PY_DIR="$PY315_DIR" PY_ROOT="$PY315_ROOT" PY_BIN="$PY315_BIN" PY_CFG="$PY315_CFG"
              PY_STAMP="$PY315_STAMP" PY_LIBDIR="$PY315_LIBDIR" PY_LOADER="$PY315_LOADER"
              PY_PACKAGES=("${DEBIAN_PACKAGES_315[@]}") ;;
        *) die "use_py: unknown version $PY_VER" ;;
    esac
}

# The stamp texts: what a complete component was built from. A component is
# rebuilt whenever its stamp is missing or differs.
# py_spec VERSION
py_spec() {
    use_py "$1"
    printf 'v%s\nprov=%s\nsuite=%s/%s\narch=%s\npackages=%s\n' \
        "$STAMP_VERSION" "$PROV" "$DEBIAN_SUITE" "$DEBIAN_COMPONENT" \
        "$DEB_ARCH" "${PY_PACKAGES[*]}"
}
py314_spec() { py_spec 3.14; }
py315_spec() { py_spec 3.15; }
site_spec() {
    printf 'v%s\nprov=%s\npins=%s\n' "$STAMP_VERSION" "$PROV" "${PY314_SITE_PINS[*]}"
}
wheels_spec() {
    printf 'v%s\nprov=%s\npins=%s\n' "$STAMP_VERSION" "$PROV" "${WHEELS314_PINS[*]}"
}
cargo_spec() {
    printf 'v%s\nlock=%s\n' "$STAMP_VERSION" "$(sha256sum <"$PROJECT_ROOT/Cargo.lock" | cut -d' ' -f1)"
}
venv_spec() {
    printf 'v%s\nprov=%s\n' "$STAMP_VERSION" "$PROV"
    cat -- "$REQUIREMENTS"
}

# stamp_ok FILE SPEC: the stamp exists and records exactly SPEC.
stamp_ok() {
    [[ -f "$1" ]] || return 1
    local have
    have="$(<"$1")" || return 1
    [[ "$have" == "$2" ]]
}

# Write a stamp atomically.
write_stamp() {
    printf '%s\n' "$2" >"$1.tmp.$$" && mv -f -- "$1.tmp.$$" "$1"
}

# Shell-quote for a /bin/sh script (single quotes).
sq() { local s=${1//\'/\'\\\'\'}; printf "'%s'" "$s"; }

# retry CMD...: run CMD up to 3 times, with a growing pause between attempts.
retry() {
    local attempt=1 max=3 delay=3
    while true; do
        "$@" && return 0
        if (( attempt >= max )); then
            log "giving up after $max attempts: $*"
            return 1
        fi
        log "attempt $attempt/$max failed, retrying in ${delay}s: $*"
        sleep "$delay"
        attempt=$((attempt + 1))
        delay=$((delay * 2))
    done
}

# --- the wrapper ------------------------------------------------------------------
# Contents of target/provision/bin/python3.14. sid's python3.14 needs sid's glibc,
# so it must be started through sid's loader with sid's library directory
# (--inhibit-cache keeps the host's /etc/ld.so.cache out of the lookup).
# `--argv0` makes the interpreter see the wrapper as argv[0], so sys.executable
# is the wrapper and `subprocess.run([sys.executable, ...])` works. The
# pyvenv.cfg in target/provision/ (the parent of bin/; home = sid's /usr/bin)
# is what then lets CPython find its stdlib under py314/root/usr without
# PYTHONHOME (which would leak into any other Python started from it): the
# interpreter sees target/provision as a virtual environment (sys.prefix =
# target/provision, sys.base_prefix = py314/root/usr). PYTHONTZPATH points zoneinfo at sid's tzdata (unless the
# caller set it).
# wrapper_text VERSION
wrapper_text() {
    use_py "$1"
    cat <<EOF
#!/bin/sh
# Generated by scripts/provision.sh: CPython $PY_VER from Debian $DEBIAN_SUITE, run through
# $DEBIAN_SUITE's own dynamic loader. Do not edit; re-run scripts/provision.sh.
if [ -z "\${PYTHONTZPATH+set}" ]; then
    PYTHONTZPATH=$(sq "$PY_ROOT/usr/share/zoneinfo")
    export PYTHONTZPATH
fi
exec $(sq "$PY_LOADER") --inhibit-cache --library-path $(sq "$PY_LIBDIR") --argv0 $(sq "$PY_BIN") $(sq "$PY_ROOT/usr/bin/python$PY_VER") "\$@"
EOF
}

# pyvenv_cfg_text VERSION
pyvenv_cfg_text() {
    use_py "$1"
    cat <<EOF
home = $PY_ROOT/usr/bin
include-system-site-packages = false
version = $PY_VER
EOF
}

# write_wrapper VERSION: (re)write the wrapper and its pyvenv.cfg.
write_wrapper() {
    local text cfg
    text="$(wrapper_text "$1")" && cfg="$(pyvenv_cfg_text "$1")" || die "cannot build the $1 wrapper"
    use_py "$1"
    mkdir -p "$(dirname -- "$PY_BIN")" || die "cannot create $(dirname -- "$PY_BIN")"
    printf '%s\n' "$text" >"$PY_BIN.tmp.$$" && chmod 755 "$PY_BIN.tmp.$$" && mv -f -- "$PY_BIN.tmp.$$" "$PY_BIN" ||
        die "cannot write $PY_BIN"
    printf '%s\n' "$cfg" >"$PY_CFG.tmp.$$" && mv -f -- "$PY_CFG.tmp.$$" "$PY_CFG" ||
        die "cannot write $PY_CFG"
}

# wrapper_ok VERSION: the wrapper and pyvenv.cfg on disk are the current ones.
wrapper_ok() {
    use_py "$1"
    local bin="$PY_BIN" cfg="$PY_CFG"
    [[ "$(wrapper_text "$1")" == "$(cat -- "$bin" 2>/dev/null)" &&
        "$(pyvenv_cfg_text "$1")" == "$(cat -- "$cfg" 2>/dev/null)" ]]
}

# --- fast path ------------------------------------------------------------------
all_done() {
    stamp_ok "$PY314_STAMP" "$(py314_spec)" &&
        [[ -x "$PY314_BIN" && -f "$PY314_CFG" && -x "$PY314_LOADER" ]] &&
        stamp_ok "$PY315_STAMP" "$(py315_spec)" &&
        [[ -x "$PY315_BIN" && -f "$PY315_CFG" && -x "$PY315_LOADER" ]] &&
        stamp_ok "$SITE_STAMP" "$(site_spec)" &&
        stamp_ok "$VENV_STAMP" "$(venv_spec)" &&
        [[ -x "$VENV311/bin/python" ]] &&
        stamp_ok "$WHEELS_STAMP" "$(wheels_spec)" &&
        stamp_ok "$CARGO_STAMP" "$(cargo_spec)"
}

emit_env() {
    if (( print_env )); then
        printf 'export SNAKESHIFT_PY314=%q\n' "$PY314_BIN" >&3
        printf 'export SNAKESHIFT_PY315=%q\n' "$PY315_BIN" >&3
        printf 'export SNAKESHIFT_PY314_SITE=%q\n' "$PY314_SITE" >&3
        printf 'export SNAKESHIFT_VENV311=%q\n' "$VENV311" >&3
        printf 'export SNAKESHIFT_WHEELS314=%q\n' "$WHEELS314" >&3
    fi
}

[[ -f "$REQUIREMENTS" ]] || die "missing $REQUIREMENTS"
arch_info

if all_done; then
    emit_env
    exit 0
fi

# --- slow path: provision what is missing, one run at a time -------------------
mkdir -p -- "$PROV" || die "cannot create $PROV"
if command -v flock >/dev/null 2>&1; then
    exec 9>"$PROV/.lock"
    if ! flock -n 9; then
        log "another provision run holds $PROV/.lock; waiting for it..."
        flock -w 3600 9 || die "timed out waiting for $PROV/.lock"
    fi
fi
# Leftovers of an interrupted run.
rm -rf -- "$PROV"/.tmp-*

TMP_BUILD=""
cleanup() { if [[ -n "$TMP_BUILD" ]]; then rm -rf -- "$TMP_BUILD"; fi; }
trap cleanup EXIT

need_cmd() { command -v "$1" >/dev/null 2>&1 || die "required command not found: $1"; }

# ---------------------------------------------------------------------------
# 1. CPython 3.14 and 3.15 from Debian sid
# ---------------------------------------------------------------------------

# The Debian archive URI of the host's apt configuration (its host is reused for
# sid), e.g. http://deb.debian.org/debian. SNAKESHIFT_DEBIAN_MIRROR overrides.
debian_mirror() {
    if [[ -n "${SNAKESHIFT_DEBIAN_MIRROR:-}" ]]; then
        printf '%s\n' "${SNAKESHIFT_DEBIAN_MIRROR%/}"
        return
    fi
    local files=() f uri
    for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
        [[ -f "$f" ]] && files+=("$f")
    done
    if (( ${#files[@]} )); then
        # deb822 "URIs: a b" lines and one-line "deb [opts] URI suite comps" lines.
        uri="$(
            {
                sed -n 's/^[[:space:]]*URIs:[[:space:]]*//p' "${files[@]}" | tr ' \t' '\n\n'
                sed -n 's/^[[:space:]]*deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]\+\).*/\2/p' "${files[@]}"
            } | grep -E '^(https?|ftp)://[^[:space:]]+/debian/?$' | head -n 1
        )" || true
        if [[ -n "$uri" ]]; then
            printf '%s\n' "${uri%/}"
            return
        fi
    fi
    printf '%s\n' "http://deb.debian.org/debian"
}

# Write the private apt configuration; sets APT_CONFIG for the apt-get calls.
setup_private_apt() {
    local mirror="$1"
    mkdir -p "$APT_DIR/etc/empty.d" "$APT_DIR/state/lists/partial" \
        "$APT_DIR/cache/archives/partial" "$APT_DIR/log" || die "cannot create $APT_DIR"
    : >"$APT_DIR/state/status"
    printf 'deb [signed-by=%s] %s %s %s\n' "$DEBIAN_KEYRING" "$mirror" \
        "$DEBIAN_SUITE" "$DEBIAN_COMPONENT" >"$APT_DIR/etc/sources.list"
    {
        # Ignore the host's apt.conf(.d): its hooks (cache cleaning, appstream,
        # packagekit) must not run, and its index targets are not wanted.
        echo "Dir::Etc::Main \"/dev/null\";"
        echo "Dir::Etc::Parts \"$APT_DIR/etc/empty.d\";"
        echo "Dir::Etc::SourceList \"$APT_DIR/etc/sources.list\";"
        echo "Dir::Etc::SourceParts \"$APT_DIR/etc/empty.d\";"
        echo "Dir::Etc::Preferences \"/dev/null\";"
        echo "Dir::Etc::PreferencesParts \"$APT_DIR/etc/empty.d\";"
        echo "Dir::Etc::Trusted \"/dev/null\";"
        echo "Dir::Etc::TrustedParts \"$APT_DIR/etc/empty.d\";"
        echo "Dir::State \"$APT_DIR/state\";"
        echo "Dir::State::status \"$APT_DIR/state/status\";"
        echo "Dir::Cache \"$APT_DIR/cache\";"
        echo "Dir::Cache::pkgcache \"\";"
        echo "Dir::Cache::srcpkgcache \"\";"
        echo "Dir::Log \"$APT_DIR/log\";"
        echo "APT::Architecture \"$DEB_ARCH\";"
        echo "APT::Architectures { \"$DEB_ARCH\"; };"
        echo "Acquire::Languages \"none\";"
        echo "Acquire::GzipIndexes \"true\";"
        echo "Acquire::Retries \"3\";"
        # The mirror reachable here may serve a frozen snapshot of sid whose
        # InRelease has expired (the host's apt config disables this check for
        # the same reason). Signatures are still verified.
        echo "Acquire::Check-Valid-Until \"false\";"
        echo "Acquire::Check-Date \"false\";"
        # As root apt would drop to user _apt, which cannot write into target/.
        if [[ "$(id -u)" == 0 ]]; then echo "APT::Sandbox::User \"root\";"; fi
    } >"$APT_DIR/etc/apt.conf"
    export APT_CONFIG="$APT_DIR/etc/apt.conf"
}

apt_update() { apt-get -q -o APT::Update::Error-Mode=any update; }
apt_download() { (cd -- "$1" && shift && apt-get -q download "$@"); }

# Make absolute symlinks inside the unpacked tree relative, so they resolve
# inside it rather than on the host (e.g. sitecustomize.py -> /etc/python3.14/).
relativize_symlinks() {
    "$HOST_PYTHON" - "$1" <<'PY'
import os, sys
root = os.path.abspath(sys.argv[1])
for dirpath, dirnames, filenames in os.walk(root):
    for name in dirnames + filenames:
        path = os.path.join(dirpath, name)
        if not os.path.islink(path):
            continue
        target = os.readlink(path)
        if not target.startswith("/"):
            continue
        new = os.path.relpath(root + target, dirpath)
        os.unlink(path)
        os.symlink(new, path)
PY
}

# Every shared library the interpreter and its extension modules need must be
# resolved inside the unpacked tree, never (silently) from the host.
check_closure() {
    local root="$1" libdir="$1/usr/lib/$MULTIARCH" f out bad=""
    for f in "$root/usr/bin/python$PY_VER" "$root/usr/lib/python$PY_VER/lib-dynload/"*.so; do
        out="$("$libdir/$LOADER_NAME" --inhibit-cache --library-path "$libdir" --list "$f" 2>&1)" ||
            { bad+="$f: loader --list failed: $out"$'\n'; continue; }
        while IFS= read -r line; do
            case "$line" in
                *"not found"*) bad+="$(basename "$f"): $line"$'\n' ;;
                *"=> /"*) [[ "$line" == *"=> $root/"* ]] || bad+="$(basename "$f"): $line"$'\n' ;;
            esac
        done <<<"$out"
    done
    [[ -z "$bad" ]] || die "libraries resolved outside the sid tree (a package is missing from DEBIAN_PACKAGES):"$'\n'"$bad"
}

# verify_py VERSION
verify_py() {
    use_py "$1"
    local out
    out="$("$PY_BIN" --version 2>&1)" || die "$PY_BIN --version failed: $out"
    [[ "$out" == "Python $PY_VER."* ]] || die "$PY_BIN --version printed '$out', expected Python $PY_VER.x"
    out="$("$PY_BIN" -W error::DeprecationWarning -c "import $PY314_CHECK_MODULES; zoneinfo.ZoneInfo('Europe/Paris'); print('ok')" 2>&1)" ||
        die "python$PY_VER cannot import its stdlib modules: $out"
    out="$("$PY_BIN" -c 'import subprocess, sys; print(subprocess.run([sys.executable, "-c", "print(6*7)"], capture_output=True, text=True, check=True).stdout.strip())' 2>&1)" ||
        die "python$PY_VER cannot run sys.executable in a subprocess: $out"
    [[ "$out" == 42 ]] || die "subprocess via sys.executable printed '$out', expected 42"
    out="$(echo 'print(1+1)' | "$PY_BIN" - 2>&1)" || die "python$PY_VER cannot run stdin: $out"
    [[ "$out" == 2 ]] || die "python$PY_VER - printed '$out', expected 2"
    if "$PY_BIN" -c 'import distutils' >/dev/null 2>&1; then
        die "'import distutils' unexpectedly works under the bare python$PY_VER"
    fi
    if [[ "$PY_VER" == 3.15 ]] && "$PY_BIN" -c 'import sre_parse' >/dev/null 2>&1; then
        die "'import sre_parse' unexpectedly works under python3.15 (removed in 3.15)"
    fi
}

# provision_py VERSION: download sid's CPython VERSION and its library closure, unpack
# it into target/provision/pyXYZ/, write the wrapper, compile the stdlib, verify, stamp.
APT_READY=0
provision_py() {
    use_py "$1"
    local v="python$PY_VER" tag="py${PY_VER/./}"
    need_cmd apt-get
    need_cmd dpkg
    need_cmd dpkg-deb
    need_cmd "$HOST_PYTHON"
    [[ -f "$DEBIAN_KEYRING" ]] || die "Debian archive keyring not found at $DEBIAN_KEYRING"
    if (( ! APT_READY )); then
        local mirror
        mirror="$(debian_mirror)"
        log "$v: fetching Debian $DEBIAN_SUITE package lists from $mirror (private apt state in $APT_DIR)"
        setup_private_apt "$mirror"
        retry apt_update || die "apt-get update of $DEBIAN_SUITE from $mirror failed"
        APT_READY=1
    fi

    TMP_BUILD="$(mktemp -d "$PROV/.tmp-$tag.XXXXXX")" && chmod 755 "$TMP_BUILD" || die "mktemp failed"
    mkdir "$TMP_BUILD/debs" "$TMP_BUILD/root"
    log "$v: downloading ${#PY_PACKAGES[@]} packages"
    retry apt_download "$TMP_BUILD/debs" "${PY_PACKAGES[@]}" ||
        die "apt-get download from $DEBIAN_SUITE failed (packages: ${PY_PACKAGES[*]})"

    local deb versions=""
    for deb in "$TMP_BUILD/debs/"*.deb; do
        [[ -f "$deb" ]] || die "no .deb files were downloaded"
        dpkg -x "$deb" "$TMP_BUILD/root" || die "dpkg -x $deb failed"
        versions+="$(dpkg-deb -f "$deb" Package Version | tr '\n' ' ')"$'\n'
    done
    printf '%s' "$versions" | sed 's/Package: //; s/ Version: / /; s/ *$//' | sort >"$TMP_BUILD/VERSIONS"
    rm -rf -- "$TMP_BUILD/debs"
    relativize_symlinks "$TMP_BUILD/root" || die "fixing symlinks in the sid tree failed"
    [[ -x "$TMP_BUILD/root/usr/lib/$MULTIARCH/$LOADER_NAME" ]] || die "sid's loader $LOADER_NAME is missing"
    [[ -x "$TMP_BUILD/root/usr/bin/$v" ]] || die "usr/bin/$v is missing from the unpacked packages"
    check_closure "$TMP_BUILD/root"

    rm -rf -- "$PY_DIR"
    mv -- "$TMP_BUILD" "$PY_DIR" || die "cannot move the sid tree into $PY_DIR"
    TMP_BUILD=""

    write_wrapper "$PY_VER"

    # Debian compiles the stdlib in its postinst, which dpkg -x does not run.
    "$PY_BIN" -m compileall -q -j0 "$PY_ROOT/usr/lib/$v" >/dev/null ||
        die "compiling the $PY_VER stdlib failed"
    verify_py "$PY_VER"
    write_stamp "$PY_STAMP" "$(py_spec "$PY_VER")" || die "cannot write $PY_STAMP"
    use_py "$1"
    log "$v: $("$PY_BIN" --version 2>&1) ready at $PY_BIN"
}

# ---------------------------------------------------------------------------
# 2. setuptools + packaging for 3.14 (unpacked wheels, no pip there)
# ---------------------------------------------------------------------------

pip_download_site() {
    rm -rf -- "$1" && mkdir -p -- "$1" &&
        "$HOST_PYTHON" -m pip download -q --progress-bar off --disable-pip-version-check --no-input --retries 5 \
            --only-binary=:all: --no-deps --python-version 3.14 --dest "$1" "${PY314_SITE_PINS[@]}"
}

provision_site() {
    need_cmd "$HOST_PYTHON"
    log "py314-site: downloading ${PY314_SITE_PINS[*]}"
    TMP_BUILD="$(mktemp -d "$PROV/.tmp-site.XXXXXX")" || die "mktemp failed"
    retry pip_download_site "$TMP_BUILD/wheels" || die "pip download of ${PY314_SITE_PINS[*]} failed"
    mkdir "$TMP_BUILD/site"
    "$HOST_PYTHON" - "$TMP_BUILD/wheels" "$TMP_BUILD/site" "${#PY314_SITE_PINS[@]}" <<'PY' || die "unpacking the wheels failed"
import glob, os, sys, zipfile
wheels = sorted(glob.glob(os.path.join(sys.argv[1], "*.whl")))
if len(wheels) != int(sys.argv[3]):
    sys.exit(f"expected {sys.argv[3]} wheels, found {[os.path.basename(w) for w in wheels]}")
for w in wheels:
    if not w.endswith("-py3-none-any.whl"):
        sys.exit(f"not a pure-Python wheel: {os.path.basename(w)}")
    with zipfile.ZipFile(w) as z:
        z.extractall(sys.argv[2])
PY
    rm -rf -- "$PY314_SITE"
    mv -- "$TMP_BUILD/site" "$PY314_SITE" || die "cannot move the site dir into $PY314_SITE"
    rm -rf -- "$TMP_BUILD"
    TMP_BUILD=""

    "$PY314_BIN" -m compileall -q -j0 "$PY314_SITE" >/dev/null 2>&1 || true # best effort: a cache only
    local out want
    want="$(printf '%s\n' "${PY314_SITE_PINS[@]}" | sort | tr '\n' ' ')"
    out="$(PYTHONPATH="$PY314_SITE" "$PY314_BIN" -c '
import importlib.metadata as m, setuptools, packaging.version
print(" ".join(sorted(f"{d}=={m.version(d)}" for d in ("setuptools", "packaging"))))' 2>&1)" ||
        die "setuptools/packaging do not import from $PY314_SITE under python3.14: $out"
    [[ "$out " == "$want" ]] || die "py314-site holds '$out', expected '$want'"
    write_stamp "$SITE_STAMP" "$(site_spec)" || die "cannot write $SITE_STAMP"
    log "py314-site: ready at $PY314_SITE"
}

# ---------------------------------------------------------------------------
# 3. Python 3.11 virtualenv with the pinned test tooling
# ---------------------------------------------------------------------------

venv_install() {
    "$VENV311/bin/python" -m pip install -q --progress-bar off --disable-pip-version-check --no-input --retries 5 \
        -r "$REQUIREMENTS"
}

provision_venv() {
    need_cmd "$HOST_PYTHON"
    local hostver
    hostver="$("$HOST_PYTHON" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ||
        die "'$HOST_PYTHON' does not run"
    [[ "$hostver" == 3.11 ]] ||
        die "'$HOST_PYTHON' is Python $hostver; venv311 needs Python 3.11 (set SNAKESHIFT_HOST_PYTHON)"
    # A venv cannot be moved, so it is built in place; the stamp, written last,
    # is what marks it complete.
    log "venv311: creating $VENV311 and installing $(basename "$REQUIREMENTS")"
    rm -rf -- "$VENV311"
    "$HOST_PYTHON" -m venv "$VENV311" ||
        die "'$HOST_PYTHON -m venv' failed (on Debian's own python3 this needs python3-venv)"
    retry venv_install || die "pip install -r $REQUIREMENTS failed"
    local tool out
    for tool in "bin/pre-commit --version" "bin/python -m build --version" "bin/validate-pyproject --version" \
        "bin/tox --version" "bin/nox --version" "bin/maturin --version"; do
        # shellcheck disable=SC2086 # intentional word splitting of $tool
        out="$("$VENV311/"$tool 2>&1)" || die "venv311: '$tool' failed: $out"
    done
    write_stamp "$VENV_STAMP" "$(venv_spec)" || die "cannot write $VENV_STAMP"
    log "venv311: ready at $VENV311"
}

# ---------------------------------------------------------------------------
# 4. Wheelhouse for CPython 3.14 virtualenvs
# ---------------------------------------------------------------------------

pip_download_wheels() {
    rm -rf -- "$1" && mkdir -p -- "$1" &&
        "$HOST_PYTHON" -m pip download -q --progress-bar off --disable-pip-version-check --no-input --retries 5 \
            --only-binary=:all: --no-deps --python-version 3.14 --dest "$1" "${WHEELS314_PINS[@]}"
}

provision_wheels() {
    need_cmd "$HOST_PYTHON"
    log "wheels314: downloading ${WHEELS314_PINS[*]}"
    TMP_BUILD="$(mktemp -d "$PROV/.tmp-wheels.XXXXXX")" || die "mktemp failed"
    retry pip_download_wheels "$TMP_BUILD/wheels" || die "pip download of ${WHEELS314_PINS[*]} failed"
    local count
    count="$(find "$TMP_BUILD/wheels" -name '*-py3-none-any.whl' | wc -l)"
    [[ "$count" == "${#WHEELS314_PINS[@]}" ]] ||
        die "wheels314: expected ${#WHEELS314_PINS[@]} pure-Python wheels, found: $(ls "$TMP_BUILD/wheels")"
    write_stamp "$TMP_BUILD/wheels/.provision-stamp" "$(wheels_spec)" || die "cannot write the wheels314 stamp"
    rm -rf -- "$WHEELS314"
    mv -- "$TMP_BUILD/wheels" "$WHEELS314" || die "cannot move the wheels into $WHEELS314"
    rm -rf -- "$TMP_BUILD"
    TMP_BUILD=""
    log "wheels314: ready at $WHEELS314"
}

# ---------------------------------------------------------------------------

started=$SECONDS
# Re-check each part under the lock: a concurrent run may have just built it.
for ver in 3.14 3.15; do
    use_py "$ver"
    if ! stamp_ok "$PY_STAMP" "$(py_spec "$ver")" || [[ ! -x "$PY_LOADER" ]]; then
        provision_py "$ver"
    elif ! wrapper_ok "$ver"; then
        log "python$ver: rewriting the wrapper"
        write_wrapper "$ver"
        verify_py "$ver"
    fi
done
if ! stamp_ok "$SITE_STAMP" "$(site_spec)"; then
    provision_site
fi
if ! stamp_ok "$VENV_STAMP" "$(venv_spec)" || [[ ! -x "$VENV311/bin/python" ]]; then
    provision_venv
fi
if ! stamp_ok "$WHEELS_STAMP" "$(wheels_spec)"; then
    provision_wheels
fi
# maturin runs `cargo metadata`, which lists the crates of every platform (the Windows ones
# too); fetching them once lets the wheel test build with --offline.
if ! stamp_ok "$CARGO_STAMP" "$(cargo_spec)"; then
    need_cmd cargo
    log "cargo: fetching the locked crates of every platform"
    retry cargo fetch --locked --quiet --manifest-path "$PROJECT_ROOT/Cargo.toml" || die "cargo fetch failed"
    write_stamp "$CARGO_STAMP" "$(cargo_spec)" || die "cannot write $CARGO_STAMP"
fi
all_done || die "provisioning finished but the result does not check out; rm -rf $PROV and retry"
log "done in $((SECONDS - started))s"
emit_env
