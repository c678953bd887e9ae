#!/usr/bin/env bash
# run-example.sh PROGRAM [ARG...] — run one of README.md's example
# programs (or a script that runs one) with a /dev/shm of its own (a tmpfs
# in new user and mount namespaces), where the system lets a user make
# one, and SM_OWN_SHM=1 in its environment: the examples use the README's
# fixed names ("calc", "jobs"), which another run of these tests, or any
# program, may hold at the same moment.  Elsewhere it runs with the
# machine's /dev/shm.
set -u
own_shm='mount -t tmpfs -o mode=1777 tmpfs /dev/shm && SM_OWN_SHM=1 exec "$0" "$@"'
if unshare -rm sh -c "$own_shm" true 2>/dev/null; then
	exec unshare -rm sh -c "$own_shm" "$@"
fi
exec "$@"
