#!/usr/bin/env bash
# browserd's command line without the network: --version, --help, usage errors, and
# --check-config on good and bad files (FILE:LINE messages, exit statuses, the effective
# configuration with -v, the interfaces list when none is configured). Never starts the
# daemon: nothing here opens a socket.
#   test-browserd-cli.sh BROWSERD EXAMPLE_CONF
set -euo pipefail
browserd=$1
example=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

run() { # run EXPECTED_STATUS ARGS... ; output in $out
  local want=$1; shift
  set +e
  out=$("$browserd" "$@" 2>&1)
  local got=$?
  set -e
  [ "$got" -eq "$want" ] || fail "browserd $* exited $got, expected $want; output:
$out"
}

run 0 --version
[[ $out =~ ^browserd\ [0-9]+\.[0-9]+ ]] || fail "--version printed: $out"

run 0 --help
for opt in --config --foreground --check-config --verbose --version; do
  [[ $out == *"$opt"* ]] || fail "--help does not mention $opt"
done

run 2 --no-such-option
[[ $out == *"--help"* ]] || fail "a usage error should point at --help: $out"
run 2 -c "$example" extra-argument

# the example configuration is valid; -v prints the effective configuration
run 0 -c "$example" --check-config -v
[[ $out == *'workgroup = "WORKGROUP";'* ]] || fail "-v --check-config did not print the config: $out"
[[ $out == *"configuration OK"* ]] || fail "no OK line: $out"

# every problem, as FILE:LINE: message, exit status 1
cat > "$work/bad.conf" <<'CONF'
workgroup = "LABGRP";
interfaces = ["lo"];
os_level = 300;
interfacs = ["eth0"];
CONF
run 1 -c "$work/bad.conf" --check-config
[[ $out == *"$work/bad.conf:3:"*os_level* ]] || fail "no FILE:3 message for os_level: $out"
[[ $out == *"$work/bad.conf:4:"*interfacs* ]] || fail "no FILE:4 message for the unknown key: $out"

# no interfaces: refused, and the interfaces that exist are listed
printf 'workgroup = "LABGRP";\nnetbios_name = "B1";\n' > "$work/noif.conf"
run 1 -c "$work/noif.conf" --check-config
[[ $out == *unauthenticated* ]] || fail "the missing interfaces message does not say why: $out"
[[ $out == *"interfaces up on this host: "*lo* ]] || fail "existing interfaces not listed: $out"

# a file that does not exist
run 1 -c "$work/none.conf" --check-config
[[ $out == *"$work/none.conf"* ]] || fail "the missing file is not named: $out"
echo "browserd command line: ok"
