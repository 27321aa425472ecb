# Sourced by bin/sextant and bin/sextant-cluster: brings Debian packages a command needs.

# ensure_debian_packages WHO WHAT "path:package"...
#   For every path that does not exist, its package is missing. As root with apt-get, installs the
#   missing packages ("WHO: WHAT Debian's p1 p2; installing..."); otherwise exits 1 saying in one
#   line what to run first ("WHO: WHAT Debian's p1 p2; run first: sudo apt-get install -y p1 p2").
ensure_debian_packages() {
  local who="$1" what="$2" missing=() entry
  shift 2
  for entry in "$@"; do
    [ -e "${entry%%:*}" ] || missing+=("${entry##*:}")
  done
  [ "${#missing[@]}" -gt 0 ] || return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "$who: $what Debian's ${missing[*]}; installing..." >&2
    if ! { apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q "${missing[@]}"; } >&2; then
      echo "$who: installing ${missing[*]} failed; install them and try again." >&2
      exit 1
    fi
  else
    echo "$who: $what Debian's ${missing[*]}; run first: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
}
