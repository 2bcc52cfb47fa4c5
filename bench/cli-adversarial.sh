#!/usr/bin/env bash
# Times the built CLI (cold start included) on adversarial inputs: node dist/src/cli.js < input.
# Usage: npm run build && bash bench/cli-adversarial.sh   (prints ms per input; fails if any > 1500 ms)
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
node -e '
const fs = require("fs"), d = process.argv[1];
const rep = (u, kb) => u.repeat(Math.ceil(kb * 1024 / u.length)).slice(0, kb * 1024);
const cases = {
  "sip-2500-spaces": "SIP/2.0 486" + " ".repeat(2500) + "\nfoo\nbar",
  "sip-6000-tabs": "SIP/2.0 486" + "\t".repeat(6000) + "\nfoo\nbar",
  "word-500": "a".repeat(500),
  "spaces-100k": rep(" ", 100), "tabs-100k": "SIP/2.0 486" + rep("\t", 100), "digits-100k": rep("9", 100),
  "letters-100k": rep("a", 100), "sip486-100k": rep("SIP/2.0 486 ", 100), "brackets-100k": rep("<<<[[[(((", 100),
  "a=a-100k": rep("a=a=a=", 100), "percent-100k": rep("%%%%", 100), "crlf-mix-100k": rep("SIP/2.0 486 \r\n\r\t \n", 100),
  "nested-100k": rep("[", 50) + rep("]", 50), "reason-100k": rep("Reason: SIP;cause=", 100), "one-1MB-line": rep("x ", 1024),
};
for (const [k, v] of Object.entries(cases)) fs.writeFileSync(d + "/" + k, v);
' "$tmp"
worst=0
for f in "$tmp"/*; do
  s=$(date +%s%N); node dist/src/cli.js --json < "$f" > /dev/null; e=$(( ($(date +%s%N) - s) / 1000000 ))
  printf '%-18s %6d ms\n' "$(basename "$f")" "$e"; (( e > worst )) && worst=$e
done
s=$(date +%s%N); node dist/src/cli.js 603 > /dev/null; echo "baseline 603       $(( ($(date +%s%N) - s) / 1000000 )) ms"
echo "worst $worst ms"; (( worst <= 1500 ))
