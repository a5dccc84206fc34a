#!/bin/sh
# The SDK from an integrator's side: install the core into a temporary prefix, build
# sdk/template and a project made by `crmd new-plugin` out of tree against it, run their tests,
# and load both plugins into the installed crmd.
# Usage: out_of_tree.sh BUILD_DIR SOURCE_DIR [SANITIZER_FLAGS]
set -eu
build=$1
src=$2
san=${3:-}
work=$(mktemp -d /tmp/crm-sdk-XXXXXX)
trap 'rm -rf "$work"' EXIT INT TERM
prefix=$work/prefix

step() { echo "sdk: $*"; }

step "installing into $prefix"
cmake --install "$build" --prefix "$prefix" >"$work/install.log"
test -f "$prefix/include/crm/plugin.h" && test -f "$prefix/lib/cmake/Crm/CrmConfig.cmake" &&
    test -f "$prefix/lib/pkgconfig/crm.pc" && test -x "$prefix/bin/crmd" &&
    test -f "$prefix/share/doc/crm/plugin-guide.md"

# Out-of-tree projects get the sanitizers the core was built with, so one runtime serves both.
configure() { # SOURCE BINARY
    cmake -S "$1" -B "$2" -DCMAKE_PREFIX_PATH="$prefix" -DCMAKE_BUILD_TYPE=Debug \
          ${san:+-DCMAKE_C_FLAGS="$san"} ${san:+-DCMAKE_EXE_LINKER_FLAGS="$san"} \
          ${san:+-DCMAKE_MODULE_LINKER_FLAGS="$san"} >"$2.configure.log" 2>&1 ||
        { cat "$2.configure.log"; exit 1; }
}

step "building sdk/template against the installed SDK"
cp -r "$src/sdk/template" "$work/template"
configure "$work/template" "$work/template/build"
cmake --build "$work/template/build" >/dev/null
ctest --test-dir "$work/template/build" --output-on-failure

step "crmd new-plugin loan_calc"
"$prefix/bin/crmd" new-plugin loan_calc "$work/loan_calc"
configure "$work/loan_calc" "$work/loan_calc/build"
cmake --build "$work/loan_calc/build" >/dev/null
ctest --test-dir "$work/loan_calc/build" --output-on-failure

step "pkg-config sees the SDK where it was installed"
PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --cflags --libs crm | grep -q -- "-lcrm"
test -f "$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --variable=includedir crm)/crm/plugin.h"
test -f "$(PKG_CONFIG_PATH="$prefix/lib/pkgconfig" pkg-config --variable=libdir crm)/libcrm.so"

step "loading both into the installed crmd"
cat >"$work/crmd.cfg" <<CFG
store = { driver = "sqlite"; path = "$work/crm.db"; };
plugins = { enabled = ["$work/template/build/myplugin.so", "$work/loan_calc/build/loan_calc.so"]; };
auth = { enabled = false; };
CFG
"$prefix/bin/crmd" check-config "$work/crmd.cfg"
"$prefix/bin/crmd" plugins -c "$work/crmd.cfg" >"$work/plugins.txt" 2>&1
grep -q "^myplugin 0.1.0" "$work/plugins.txt" && grep -q "^loan_calc 0.1.0" "$work/plugins.txt" &&
    grep -q "entity *loan_calc_item" "$work/plugins.txt" &&
    grep -q "route *GET /api/v1/loan_calc/summary" "$work/plugins.txt" ||
    { cat "$work/plugins.txt"; exit 1; }
step "ok"
