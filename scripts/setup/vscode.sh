#!/bin/sh
# Installs what the tests inside real VS Code need, on Debian 12, as root, idempotently:
#   - Debian's Chromium (driven headless by playwright-core; `npx playwright install` would download),
#   - ripgrep (VS Code's search uses it; code-server's @vscode/ripgrep would download it at install),
#   - libkrb5-dev (code-server's kerberos module builds against it),
#   - code-server 4.100.3 (VS Code 1.100.3 on Node 20; newer releases need Node 24) into
#     .cache/code-server, which git ignores, so it is never a dependency of the extension.
# Prints the code-server executable's path on its last line.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
version=4.100.3
prefix="$root/.cache/code-server"
bin="$prefix/node_modules/.bin/code-server"

missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v rg >/dev/null 2>&1 || missing="$missing ripgrep"
dpkg -s libkrb5-dev >/dev/null 2>&1 || missing="$missing libkrb5-dev"
if [ -n "$missing" ]; then
  echo "vscode.sh: installing$missing with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get -o DPkg::Lock::Timeout=600 update -qq >&2
  # Other set-up scripts may hold the dpkg lock at the same time: wait for it rather than fail.
  # shellcheck disable=SC2086
  apt-get -o DPkg::Lock::Timeout=600 install -y -qq $missing >&2
fi

installed=""
if [ -f "$prefix/node_modules/code-server/package.json" ]; then
  installed=$(node -p "require('$prefix/node_modules/code-server/package.json').version")
fi
if [ "$installed" != "$version" ] || [ ! -x "$bin" ]; then
  echo "vscode.sh: installing code-server@$version into $prefix (about 300 MB, 1-2 minutes)" >&2
  # @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here; it looks in
  # its download cache first, so hand it Debian's rg under the archive name it expects.
  for v in 1.15.11 1.18.0; do
    d="/tmp/vscode-ripgrep-cache-$v"
    if [ ! -f "$d/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" ]; then
      mkdir -p "$d/x"
      cp "$(command -v rg)" "$d/x/rg"
      tar -C "$d/x" -czf "$d/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz" rg
      rm -r "$d/x"
    fi
  done
  mkdir -p "$prefix"
  [ -f "$prefix/package.json" ] || echo '{"name":"podwright-code-server-cache","private":true}' >"$prefix/package.json"
  npm_config_unsafe_perm=true npm_config_yes=true npm install --prefix "$prefix" --no-audit --no-fund \
    "code-server@$version" >&2
fi
"$bin" --version >&2
echo "$bin"
