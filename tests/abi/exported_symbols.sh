#!/bin/sh
# Fails when libcrm exports a symbol that include/crm/ does not declare: everything else must
# stay hidden (visibility) so that plugins can only reach the documented API.
# Usage: exported_symbols.sh LIBCRM INCLUDE_DIR
set -eu
lib=$1
include=$2
bad=0
count=0
for sym in $(nm -D --defined-only "$lib" | awk '{print $3}'); do
    case "$sym" in
        __bss_start | _edata | _end | _init | _fini) continue ;; # the linker's own
    esac
    count=$((count + 1))
    if ! grep -qw -- "$sym" "$include"/crm/*.h; then
        echo "exported but not declared in include/crm/: $sym"
        bad=$((bad + 1))
    fi
done
echo "$count exported symbols, $bad not declared"
[ "$count" -gt 0 ] && [ "$bad" -eq 0 ]
