# Shared helpers of the netlink recorders (record-captures.sh, record-genl.sh); source it, do not run it.
# A recorder runs tools under strace inside throw-away network namespaces and converts the strace logs
# into nlmon-style captures with scripts/strace2pcap.ts. See scripts/README-recording.md.
#
#   rec_init SCRIPT OUTDIR            globals ROOT OUT TOOLOUT TMP PIDS SETUPLOG; EXIT trap cleans up
#   rec_need TOOL...                  dies naming every missing tool
#   rec_netns NAME                    creates a namespace that the EXIT trap deletes
#   n CMD...                          setup step: output and failure go to the setup log, never fatal
#   rec_index CAPTURE...              starts INDEX.tsv, dropping the rows of these captures only
#   rec CAPTURE NAME CMD...           runs CMD in namespace $X under strace, output -> NAME.out
#   rec_bg CAPTURE NAME CMD...        the same in the background; rec_wait NAME waits for it
#   rec_finish LOGNAME CAPTURE...     saves the setup log, converts each capture's logs in order and
#                                     writes which frames each command produced into INDEX.tsv
set -u

rec_init() {
  REC_SCRIPT=$1
  ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  OUT=$2
  TOOLOUT=$OUT/rec-tool-output
  TMP=$(mktemp -d /tmp/nlscope-rec.XXXXXX)
  PIDS=()
  REC_NAMESPACES=()
  SETUPLOG=$TMP/setup.log
  : >"$SETUPLOG"
  declare -gA TRACES=() REC_BG=() REC_SORT=()
  trap rec_cleanup EXIT
  trap 'exit 130' INT TERM HUP PIPE
}

rec_cleanup() {
  local p ns
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null; done
  for ns in "${REC_NAMESPACES[@]}"; do ip netns del "$ns" 2>/dev/null; done
  rm -rf "$TMP"
}

die() { echo "$REC_SCRIPT: $*" >&2; exit 1; }

rec_need() {
  local t missing=()
  [ "$(id -u)" = 0 ] || die "must run as root"
  for t in "$@"; do command -v "$t" >/dev/null || missing+=("$t"); done
  [ ${#missing[@]} = 0 ] || die "missing tools: ${missing[*]}"
}

rec_netns() {
  ip netns add "$1" || die "cannot create namespace $1"
  REC_NAMESPACES+=("$1")
}

# n CMD...: run a setup command; failures are logged, not fatal.
n() { local rc; "$@" >>"$SETUPLOG" 2>&1; rc=$?; [ $rc = 0 ] || echo "SKIPPED (exit $rc): $*" >>"$SETUPLOG"; return $rc; }

STRACE=(strace -f -e trace=socket,bind,sendto,sendmsg,recvfrom,recvmsg,close,clone,clone3,fork,vfork
        -e read=all -e write=all -xx -s 1048576 -ttt)

# rec_index CAPTURE...: INDEX.tsv keeps the rows of other recorders' captures.
rec_index() {
  local c keep=
  mkdir -p "$OUT" "$TOOLOUT"
  for c in "$@"; do keep="$keep|rec-$c.pcap"; done
  if [ -s "$TOOLOUT/INDEX.tsv" ]; then
    awk -F'\t' -v caps="${keep#|}" 'BEGIN { n = split(caps, a, "|"); for (i = 1; i <= n; i++) drop[a[i]] = 1 }
      !($2 in drop)' "$TOOLOUT/INDEX.tsv" >"$TMP/index.tsv"
    cp "$TMP/index.tsv" "$TOOLOUT/INDEX.tsv"
  else
    printf 'name\tcapture\texit\tcommand\tframes\n' >"$TOOLOUT/INDEX.tsv"
  fi
  # the frames column (which frames of the capture each command produced) came later
  sed -i '1s/^name\tcapture\texit\tcommand$/&\tframes/' "$TOOLOUT/INDEX.tsv"
}

# The command as INDEX.tsv shows it: paths relative to the repository, temporary files by name.
rec_cmdline() { local c="$*"; c=${c//$ROOT\//}; echo "${c//$TMP\//}"; }

# rec CAPTURE NAME CMD...: run CMD in the namespace ($X) under strace; its output goes to NAME.out
rec() {
  local cap=$1 name=$2; shift 2
  local tr=$TMP/$cap.$name.trace rc
  # shellcheck disable=SC2086
  $X "${STRACE[@]}" -o "$tr" "$@" >"$TOOLOUT/$name.out" 2>&1; rc=$?
  printf '%s\t%s\t%s\t%s\n' "$name" "rec-$cap.pcap" "$rc" "$(rec_cmdline "$@")" >>"$TOOLOUT/INDEX.tsv"
  TRACES[$cap]="${TRACES[$cap]:-} $tr"
}

# rec_bg CAPTURE NAME CMD...: like rec, in the background (listeners, monitors). Its packets interleave
# with the other commands' by time: the capture is converted with --sort-time.
rec_bg() {
  local cap=$1 name=$2; shift 2
  local tr=$TMP/$cap.$name.trace
  # shellcheck disable=SC2086
  $X "${STRACE[@]}" -o "$tr" "$@" >"$TOOLOUT/$name.out" 2>&1 &
  REC_BG[$name]="$! $cap $(rec_cmdline "$@")"
  PIDS+=($!)
  TRACES[$cap]="${TRACES[$cap]:-} $tr"
  REC_SORT[$cap]=1
}

rec_wait() {
  local name=$1 pid cap cmd rc
  read -r pid cap cmd <<<"${REC_BG[$name]}"
  wait "$pid"; rc=$?
  printf '%s\t%s\t%s\t%s\n' "$name" "rec-$cap.pcap" "$rc" "$cmd" >>"$TOOLOUT/INDEX.tsv"
}

# rec_index_frames CAPTURE FRAMESFILE: fill the frames column of the capture's rows (trace $TMP/CAP.NAME.trace)
rec_index_frames() {
  local cap=$1 frames=$2
  [ -s "$frames" ] || return 0
  awk -F'\t' -v OFS='\t' -v cap="rec-$cap.pcap" -v pre="$TMP/$cap." '
    FNR == NR { n = $1; if (index(n, pre) == 1) n = substr(n, length(pre) + 1); sub(/\.trace$/, "", n); f[n] = $2; next }
    FNR > 1 && $2 == cap && ($1 in f) { NF = 4; $5 = f[$1] } { print }' "$frames" "$TOOLOUT/INDEX.tsv" >"$TMP/index.tsv"
  cp "$TMP/index.tsv" "$TOOLOUT/INDEX.tsv"
}

rec_finish() {
  local log=$1 cap size status=0 TSX
  shift
  cp "$SETUPLOG" "$TOOLOUT/$log"
  if [ -x "$ROOT/node_modules/.bin/tsx" ]; then TSX=("$ROOT/node_modules/.bin/tsx"); else TSX=(npx tsx); fi
  for cap in "$@"; do
    # shellcheck disable=SC2086
    (cd "$ROOT" && "${TSX[@]}" scripts/strace2pcap.ts ${TRACES[$cap]} "$OUT/rec-$cap.pcap" ${REC_SORT[$cap]:+--sort-time} \
      --frames="$TMP/$cap.frames") || status=1
    rec_index_frames "$cap" "$TMP/$cap.frames"
    size=$(stat -c %s "$OUT/rec-$cap.pcap")
    [ "$size" -lt 300000 ] || echo "$REC_SCRIPT: warning: rec-$cap.pcap is $size bytes" >&2
  done
  echo "$REC_SCRIPT: wrote $# captures to $OUT; skipped setup steps: $(grep -c '^SKIPPED' "$SETUPLOG")" >&2
  return $status
}
