#!/usr/bin/env bash
# Repeats the "two commands on a fresh machine" run: a minimal Debian 12 root (debootstrap, minbase plus git, curl
# and CA certificates), this machine's Node and npm copied in, a clone of the current commit, then ./bootstrap.sh
# and npm test inside it, isolated with unshare (own pid, mount, uts, ipc and network namespaces). The network
# namespace reaches the internet through slirp4netns with the host's loopback cut off, so nothing inside can see
# this machine's MySQL or Redis. Prints the timings. Needs root; heavy: run it alone (it runs under nice -n 19).
#
#   sudo tools/fresh-machine/run.sh            FRESH_MACHINE_DIR=/var/tmp/hotpath-fresh-machine (kept between runs)
#   sudo tools/fresh-machine/run.sh --clean    start again from an empty root
set -euo pipefail

REPO=$(git -C "$(dirname "${BASH_SOURCE[0]}")" rev-parse --show-toplevel)
WORK=${FRESH_MACHINE_DIR:-/var/tmp/hotpath-fresh-machine}
ROOTFS=$WORK/rootfs
MIRROR=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
LOG=$WORK/run.log
COMMIT=$(git -C "$REPO" rev-parse HEAD)

say() { printf '==> %s\n' "$*"; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }
elapsed() { printf '%ss' $(($(date +%s) - $1)); }

[[ $(id -u) -eq 0 ]] || die "run as root (debootstrap, chroot and namespaces need it)"
[[ ${1-} != --clean ]] || { say "Removing $ROOTFS"; rm -rf "$ROOTFS"; }
mkdir -p "$WORK"
for tool in debootstrap slirp4netns; do
  command -v "$tool" >/dev/null 2>&1 || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$tool" >/dev/null ||
    die "$tool is missing and could not be installed (apt-get install $tool)"
done

started=$(date +%s)
if [[ ! -f $ROOTFS/etc/debian_version ]]; then
  say "debootstrap bookworm into $ROOTFS"
  nice -n 19 debootstrap --variant=minbase --include=git,curl,ca-certificates,iproute2 bookworm "$ROOTFS" "$MIRROR" \
    >"$WORK/debootstrap.log" 2>&1 || { tail -n 20 "$WORK/debootstrap.log" >&2; die "debootstrap failed"; }
fi
debootstrap_time=$(elapsed "$started")

say "Copying Node $(node --version) and npm in, and a clone of ${COMMIT:0:7}"
node_prefix=$(dirname "$(dirname "$(readlink -f "$(command -v node)")")")
mkdir -p "$ROOTFS/usr/local/bin" "$ROOTFS/usr/local/lib/node_modules"
cp "$node_prefix/bin/node" "$ROOTFS/usr/local/bin/node"
rm -rf "$ROOTFS/usr/local/lib/node_modules/npm"
cp -a "$node_prefix/lib/node_modules/npm" "$ROOTFS/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$ROOTFS/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$ROOTFS/usr/local/bin/npx"
rm -rf "$ROOTFS/root/hotpath"
git clone -q --no-hardlinks "$REPO" "$ROOTFS/root/hotpath"
git -C "$ROOTFS/root/hotpath" checkout -q "$COMMIT"
# Networks that inspect TLS give the host extra CA certificates; the fresh root needs them for apt and npm.
if compgen -G '/usr/local/share/ca-certificates/*.crt' >/dev/null; then
  cp /usr/local/share/ca-certificates/*.crt "$ROOTFS/usr/local/share/ca-certificates/"
  chroot "$ROOTFS" update-ca-certificates >/dev/null 2>&1
fi
printf 'nameserver 10.0.2.3\n' >"$ROOTFS/etc/resolv.conf" # slirp4netns's DNS
printf '127.0.0.1 localhost\n::1 localhost\n' >"$ROOTFS/etc/hosts"
rm -f "$ROOTFS/tmp/net-ready" "$ROOTFS/tmp/timings"

# Inside: wait for the network, then the README's two commands, each timed.
inner='set -uo pipefail
export HOME=/root PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8
export NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
until [ -e /tmp/net-ready ]; do sleep 0.2; done
ip link set lo up
cd /root/hotpath
t=$(date +%s); ./bootstrap.sh; b=$?; echo "bootstrap $(( $(date +%s) - t ))s exit $b" >>/tmp/timings
t=$(date +%s); npm test; n=$?; echo "npm-test $(( $(date +%s) - t ))s exit $n" >>/tmp/timings
./bootstrap.sh stop'
say "Running ./bootstrap.sh and npm test in the isolated root (output in $LOG)"
started=$(date +%s)
# shellcheck disable=SC2016 # $0 and $1 belong to the inner bash
nice -n 19 unshare --pid --fork --mount --uts --ipc --net bash -c '
  mount --make-rprivate / && mount --rbind /dev "$0/dev" && mount -t proc proc "$0/proc" && mount -t sysfs sys "$0/sys" &&
  mount -t tmpfs tmpfs "$0/dev/shm" && hostname fresh-debian && exec chroot "$0" /bin/bash -c "$1"' "$ROOTFS" "$inner" \
  >"$LOG" 2>&1 &
namespace_pid=$!
sleep 1
slirp4netns --configure --mtu=65520 --disable-host-loopback "$namespace_pid" tap0 >"$WORK/slirp4netns.log" 2>&1 &
slirp_pid=$!
sleep 2
touch "$ROOTFS/tmp/net-ready"
wait "$namespace_pid" || true
kill "$slirp_pid" 2>/dev/null || true
wait "$slirp_pid" 2>/dev/null || true

printf '\nFresh Debian 12 (%s), Node %s, commit %s\n' "$(date -u +%FT%TZ)" "$(node --version)" "${COMMIT:0:7}"
printf '  debootstrap (skipped when the root exists)  %s\n' "$debootstrap_time"
sed 's/^/  /' "$ROOTFS/tmp/timings" 2>/dev/null || echo "  no timings: see $LOG"
printf '  whole isolated run  %s\n' "$(elapsed "$started")"
grep -E '^[0-9]+ passed, [0-9]+ failed' "$LOG" | tail -n 1 | sed 's/^/  npm test: /' || true
