#!/usr/bin/env bash
# Checks that our hand-written protos in proto/ describe exactly the same wire schema as the
# upstream sources they mirror:
#   * nilvm      libs/node-api/proto   ->  proto/nillion/{auth,membership,meta,payments,...}
#   * nada-dsl   nada_mir/proto        ->  proto/nillion/nada/v1
#
# Usage: tooling/scripts/wire-check.sh <nilvm checkout or git dir> [<nada-dsl checkout or git dir>]
#
# A checkout (work tree) is read as it is on disk. A git dir (bare mirror or .git) is read with
# `git archive` at $NILVM_REV / $NADA_DSL_REV (default HEAD); setting the variable also makes a work
# tree be read from git at that revision. The reference files are extracted into a temporary
# directory outside the repository and deleted on exit; nothing is ever copied into the repository.
#
# For every file of the reference (the shared files) it runs, on binary images of both sides:
#   1. buf breaking <ours> --against <reference> with the WIRE rules;
#   2. buf breaking <reference> --against <ours> with the WIRE rules (so neither side has fields,
#      enum values or reserved ranges the other lacks);
#   3. a descriptor diff that WIRE does not cover: packages, imports, services, methods (types and
#      streaming kinds), message / field / oneof / enum names, field labels, types and proto3
#      `optional`, reserved numbers and names, options.
# Any finding makes the script exit non-zero.
set -euo pipefail

usage() {
  echo "usage: $0 <nilvm checkout or git dir> [<nada-dsl checkout or git dir>]" >&2
  exit 2
}
[[ $# -ge 1 && $# -le 2 ]] || usage

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUF="${BUF:-$ROOT/node_modules/.bin/buf}"
if [[ ! -x "$BUF" ]]; then
  BUF="$(command -v buf || true)"
fi
[[ -n "$BUF" ]] || { echo "wire-check: buf not found (run pnpm install)" >&2; exit 2; }
command -v node >/dev/null || { echo "wire-check: node not found" >&2; exit 2; }

TMP="$(mktemp -d "${TMPDIR:-/tmp}/wire-check.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
case "$TMP/" in
  "$ROOT"/*) echo "wire-check: temporary directory $TMP is inside the repository; set TMPDIR" >&2; exit 2 ;;
esac

failed=0
log() { echo "wire-check: $*" >&2; }

# extract <source> <subdir in source> <rev or empty> <dest>: puts <subdir> of the source under <dest>.
extract() {
  local src="$1" sub="$2" rev="$3" dest="$4"
  [[ -e "$src" ]] || { log "no such path: $src"; exit 2; }
  mkdir -p "$dest"
  if [[ -z "$rev" && -d "$src/$sub" ]]; then
    mkdir -p "$dest/$(dirname "$sub")"
    cp -R "$src/$sub" "$dest/$sub"
    if git -C "$src" rev-parse --verify -q HEAD >/dev/null 2>&1; then
      log "$(basename "$(cd "$src" && pwd)"): work tree at $(git -C "$src" describe --tags --always 2>/dev/null || true) ($(git -C "$src" rev-parse --short HEAD))"
    else
      log "$src: plain directory"
    fi
  else
    local gitdir
    gitdir="$(git -C "$src" rev-parse --absolute-git-dir 2>/dev/null)" || { log "$src is neither a checkout with $sub nor a git dir"; exit 2; }
    rev="${rev:-HEAD}"
    git --git-dir="$gitdir" archive "$rev" "$sub" | tar -x -C "$dest"
    log "$src: git $rev = $(git --git-dir="$gitdir" describe --tags --always "$rev" 2>/dev/null || true) ($(git --git-dir="$gitdir" rev-parse --short "$rev^{commit}"))"
  fi
  [[ -d "$dest/$sub" ]] || { log "$sub not found in $src"; exit 2; }
}

# buf cannot parse `rpc X(stream stream.Y)` (a package component named `stream`): rewrite such request
# types to their fully-qualified name, which is what the descriptor holds anyway.
qualify_stream_types() {
  local dir="$1" f pkg
  while IFS= read -r f; do
    pkg="$(sed -n 's/^[[:space:]]*package[[:space:]]\{1,\}\([A-Za-z0-9_.]\{1,\}\)[[:space:]]*;.*/\1/p' "$f" | head -n 1)"
    sed -i.bak "s/(stream stream\./(stream ${pkg}.stream./g" "$f" && rm -f "$f.bak"
  done < <(grep -rl --include='*.proto' '(stream stream\.' "$dir" || true)
}

cat > "$TMP/descdiff.mjs" <<'EOF'
// Flattens two buf JSON images into one fact per line and prints the symmetric difference.
import { readFileSync } from "node:fs";
const [a, b] = process.argv.slice(2);
const opts = (o) => (o && Object.keys(o).length ? JSON.stringify(o) : "");
function facts(path) {
  const out = new Set();
  for (const f of JSON.parse(readFileSync(path, "utf8")).file) {
    if (f.name.startsWith("google/protobuf/")) continue;
    const pkg = f.package ?? "";
    out.add(`file ${f.name} package=${pkg} syntax=${f.syntax ?? "proto2"} options=${opts(f.options)}`);
    for (const d of f.dependency ?? []) out.add(`file ${f.name} import ${d}`);
    for (const d of f.publicDependency ?? []) out.add(`file ${f.name} public-import #${d}`);
    for (const x of f.extension ?? []) out.add(`file ${f.name} extension ${JSON.stringify(x)}`);
    const en = (scope, e) => {
      const n = `${scope}.${e.name}`;
      out.add(`enum ${n} options=${opts(e.options)}`);
      for (const v of e.value ?? []) out.add(`enum ${n} value ${v.name}=${v.number ?? 0} options=${opts(v.options)}`);
      for (const r of e.reservedRange ?? []) out.add(`enum ${n} reserved ${r.start}..${r.end}`);
      for (const r of e.reservedName ?? []) out.add(`enum ${n} reserved-name ${r}`);
    };
    const msg = (scope, m) => {
      const n = `${scope}.${m.name}`;
      out.add(`message ${n} options=${opts(m.options)}`);
      const oneofs = (m.oneofDecl ?? []).map((o) => o.name);
      for (const o of oneofs) out.add(`message ${n} oneof ${o}`);
      for (const x of m.field ?? []) {
        const oneof = x.oneofIndex === undefined ? "-" : oneofs[x.oneofIndex];
        out.add(
          `message ${n} field ${x.number} ${x.name} json=${x.jsonName} ${x.label} ${x.type} ${x.typeName ?? ""}` +
            ` oneof=${oneof} proto3_optional=${!!x.proto3Optional} default=${x.defaultValue ?? ""} options=${opts(x.options)}`,
        );
      }
      for (const r of m.reservedRange ?? []) out.add(`message ${n} reserved ${r.start}..${r.end}`);
      for (const r of m.reservedName ?? []) out.add(`message ${n} reserved-name ${r}`);
      for (const r of m.extensionRange ?? []) out.add(`message ${n} extensions ${r.start}..${r.end}`);
      for (const e of m.enumType ?? []) en(n, e);
      for (const x of m.nestedType ?? []) msg(n, x);
    };
    for (const e of f.enumType ?? []) en(`.${pkg}`, e);
    for (const m of f.messageType ?? []) msg(`.${pkg}`, m);
    for (const s of f.service ?? []) {
      const n = `.${pkg}.${s.name}`;
      out.add(`service ${n} file=${f.name} options=${opts(s.options)}`);
      for (const r of s.method ?? []) {
        const req = `${r.clientStreaming ? "stream " : ""}${r.inputType}`;
        const res = `${r.serverStreaming ? "stream " : ""}${r.outputType}`;
        out.add(`service ${n} rpc ${r.name}(${req}) returns (${res}) options=${opts(r.options)}`);
      }
    }
  }
  return out;
}
const A = facts(a);
const B = facts(b);
let n = 0;
for (const x of [...A].filter((x) => !B.has(x)).sort()) { console.log(`  only in reference: ${x}`); n++; }
for (const x of [...B].filter((x) => !A.has(x)).sort()) { console.log(`  only in ours:      ${x}`); n++; }
process.exit(n ? 1 : 0);
EOF

WIRE_CONFIG='{"version":"v2","breaking":{"use":["WIRE"]}}'

# check <name> <reference proto root>: compares the reference files with the same paths under proto/.
check() {
  local name="$1" ref="$2" f out
  local -a paths=()
  qualify_stream_types "$ref"
  printf 'version: v2\nbreaking:\n  use: [WIRE]\n' > "$ref/buf.yaml"

  while IFS= read -r f; do
    if [[ -f "$ROOT/proto/$f" ]]; then
      paths+=(--path "proto/$f")
    else
      log "$name: FAIL proto/$f is missing (present in the reference)"
      failed=1
    fi
  done < <(cd "$ref" && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)
  # Our files in a directory the reference has, but which the reference lacks, would add packages to
  # the mirrored wire API: keep such additions (e.g. the devnet package) in their own directories.
  while IFS= read -r f; do
    if [[ "$(dirname "$f")" != . && -d "$ref/$(dirname "$f")" && ! -f "$ref/$f" ]]; then
      log "$name: FAIL proto/$f is not in the reference but sits in one of its directories"
      failed=1
    fi
  done < <(cd "$ROOT/proto" && find . -name '*.proto' | sed 's|^\./||' | LC_ALL=C sort)
  if [[ ${#paths[@]} -eq 0 ]]; then
    log "$name: FAIL no shared files"
    failed=1
    return
  fi
  log "$name: $(( ${#paths[@]} / 2 )) shared files"

  for out in binpb json; do
    "$BUF" build "$ref" -o "$TMP/$name-ref.$out" ||
      { log "$name: FAIL the reference does not build"; exit 1; }
    (cd "$ROOT" && "$BUF" build proto "${paths[@]}" -o "$TMP/$name-ours.$out") ||
      { log "$name: FAIL proto/ does not build"; exit 1; }
  done

  if "$BUF" breaking "$TMP/$name-ours.binpb" --against "$TMP/$name-ref.binpb" --config "$WIRE_CONFIG"; then
    log "$name: ok   buf breaking ours --against reference (WIRE)"
  else
    log "$name: FAIL buf breaking ours --against reference (WIRE)"
    failed=1
  fi
  if "$BUF" breaking "$TMP/$name-ref.binpb" --against "$TMP/$name-ours.binpb" --config "$WIRE_CONFIG"; then
    log "$name: ok   buf breaking reference --against ours (WIRE)"
  else
    log "$name: FAIL buf breaking reference --against ours (WIRE)"
    failed=1
  fi
  if node "$TMP/descdiff.mjs" "$TMP/$name-ref.json" "$TMP/$name-ours.json"; then
    log "$name: ok   descriptors match (names, numbers, types, labels, oneofs, enums, reserved, services, streaming)"
  else
    log "$name: FAIL descriptors differ (see above)"
    failed=1
  fi
}

extract "$1" libs/node-api/proto "${NILVM_REV:-}" "$TMP/nilvm"
check nilvm "$TMP/nilvm/libs/node-api/proto"

if [[ $# -ge 2 ]]; then
  extract "$2" nada_mir/proto "${NADA_DSL_REV:-}" "$TMP/nada-dsl"
  check nada-mir "$TMP/nada-dsl/nada_mir/proto"
else
  log "nada-dsl not given: MIR protos not checked"
fi

if [[ $failed -ne 0 ]]; then
  log "FAILED"
  exit 1
fi
log "all checks passed"
