#!/usr/bin/env bash
# Makes a Docker engine and the local test images available, for CI and for developers (run as root).
# Idempotent: each step is skipped when its result is already there. Nothing comes from a registry
# (none is reachable here): the images are built from Debian's busybox-static with `docker import`.
set -euo pipefail

need_install=()
command -v dockerd >/dev/null 2>&1 || need_install+=(docker.io)
# The images need a *static* busybox: a dynamic one would find no libc inside the image.
[ -x /bin/busybox ] && dpkg -s busybox-static >/dev/null 2>&1 || need_install+=(busybox-static)
if [ ${#need_install[@]} -gt 0 ]; then
  echo "setup/docker: installing ${need_install[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_install[@]}" >/dev/null
fi

if ! docker info >/dev/null 2>&1; then
  echo "setup/docker: starting dockerd (log in /tmp/dockerd.log)"
  # No systemd on these machines: run the daemon in the background, detached from this shell.
  nohup dockerd >/tmp/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 0.5
  done
  docker info >/dev/null 2>&1 || { echo "setup/docker: dockerd did not answer within 30 s; see /tmp/dockerd.log" >&2; exit 1; }
fi

# podwright-test/busybox:1 — a shell and the usual applets; CMD sh like the official busybox image.
build_busybox() {
  local name=$1
  if docker image inspect "$name" >/dev/null 2>&1; then return; fi
  local root
  root=$(mktemp -d)
  mkdir -p "$root/bin" "$root/tmp" "$root/etc" "$root/var/www" "$root/root"
  cp /bin/busybox "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ "$applet" = busybox ] || ln -sf busybox "$root/bin/$applet"
  done
  chmod 1777 "$root/tmp"
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/:/bin/false\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnobody:x:65534:\n' >"$root/etc/group"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/bin' --change 'CMD ["sh"]' - "$name" >/dev/null
  rm -rf "$root"
  echo "setup/docker: built $name"
}
build_busybox podwright-test/busybox:1

# A second image whose ENTRYPOINT and CMD are set, to test Kubernetes command/args semantics.
if ! docker image inspect podwright-test/entrypoint:1 >/dev/null 2>&1; then
  dir=$(mktemp -d)
  printf 'FROM podwright-test/busybox:1\nENTRYPOINT ["echo", "entrypoint"]\nCMD ["cmd"]\n' >"$dir/Dockerfile"
  docker build -q -t podwright-test/entrypoint:1 "$dir" >/dev/null
  rm -rf "$dir"
  echo "setup/docker: built podwright-test/entrypoint:1"
fi
echo "setup/docker: ready ($(docker version --format '{{.Server.Version}}' 2>/dev/null))"
