#!/bin/sh
# Private network namespaces for the softphone call tests: every packet of the SIP server, the
# pages and WebRTC stays on a loopback nobody else shares (DESIGN §4). Needs root (or
# CAP_SYS_ADMIN); `check` tells whether this machine allows it.
#
#   netns.sh check                 exit 0 when a namespace can be made here
#   netns.sh run <cmd> [args…]     run <cmd> in a new network namespace with only `lo`, up
#   netns.sh <chromium args…>      with SOFTPHONE_NETNS_PID set: Chromium (CHROMIUM_PATH, default
#                                  /usr/bin/chromium) inside the namespace of that process — what
#                                  playwright's executablePath points at
set -e
case "$1" in
  check)
    exec unshare -n sh -c 'ip link set lo up'
    ;;
  run)
    shift
    exec unshare -n sh -c 'ip link set lo up && exec "$@"' netns "$@"
    ;;
  *)
    if [ -z "$SOFTPHONE_NETNS_PID" ]; then
      echo "netns.sh: SOFTPHONE_NETNS_PID is not set" >&2
      exit 2
    fi
    exec nsenter -t "$SOFTPHONE_NETNS_PID" -n -- "${CHROMIUM_PATH:-/usr/bin/chromium}" "$@"
    ;;
esac
