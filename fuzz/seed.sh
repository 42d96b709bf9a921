#!/usr/bin/env bash
# Seed corpora for the fuzz targets from the shipped ordinances, the test fixtures and the
# test cases (fuzz/corpus/<target>/, not committed). Run from anywhere.
set -euo pipefail
cd "$(dirname "$0")/.."
c=fuzz/corpus
mkdir -p $c/{parse,check,rapport,fmt,render,diff,eval,batch,lsp,import,besluit}
n=0
for f in $(find ordinances tests/fixtures -name '*.vo' | sort); do
  n=$((n + 1))
  for t in parse fmt diff; do cp "$f" "$c/$t/vo-$n"; done
  # check and render: whole files up to 12 KB; larger ones are cut into small seeds below
  if [ "$(wc -c < "$f")" -le 12288 ]; then
    for t in check rapport render; do cp "$f" "$c/$t/vo-$n"; done
  fi
done
# check and render run on a loaded model and wet; a whole ordinance (20-100 KB) takes tens of
# milliseconds in the instrumented build, a file of its header, its declarations and one
# artikel a few: libFuzzer makes its many executions where the inputs are small. Every
# shipped ordinance is cut so (the fixtures are small already); -max_len=12288 for both.
for t in check rapport render; do
  python3 fuzz/split.py "$c/$t" deel $(find ordinances -name '*.vo' | sort) >/dev/null
done
# eval: the first byte chooses the format (0 JSON, 1 YAML, 2 TOML)
n=0
for f in $(find tests/fixtures ordinances -name '*.yaml' | sort); do
  n=$((n + 1)); { printf '\001'; cat "$f"; } > "$c/eval/yaml-$n"
done
n=0
while IFS= read -r line; do
  n=$((n + 1)); { printf '\000'; printf '%s' "$line"; } > "$c/eval/json-$n"
done < tests/fixtures/batch/casussen.jsonl
printf '\002peildatum = "2023-09-01"\n[feiten]\n"persoon.doelgroep" = true\n' > "$c/eval/toml-1"
cp tests/fixtures/batch/casussen.jsonl "$c/batch/casussen"
# lsp: a session as an editor sends it (initialize, open, hover, format, shutdown)
frame() { printf 'Content-Length: %d\r\n\r\n%s' "${#1}" "$1"; }
text=$(python3 -c 'import json,sys; print(json.dumps(open("tests/fixtures/common/goed.vo").read()))')
{
  frame '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}'
  frame '{"jsonrpc":"2.0","method":"initialized","params":{}}'
  frame "{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didOpen\",\"params\":{\"textDocument\":{\"uri\":\"file:///tmp/goed.vo\",\"languageId\":\"verordening\",\"version\":1,\"text\":$text}}}"
  frame '{"jsonrpc":"2.0","id":2,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///tmp/goed.vo"},"position":{"line":3,"character":4}}}'
  frame '{"jsonrpc":"2.0","id":3,"method":"textDocument/formatting","params":{"textDocument":{"uri":"file:///tmp/goed.vo"},"options":{"tabSize":2,"insertSpaces":true}}}'
  frame '{"jsonrpc":"2.0","id":4,"method":"shutdown"}'
  frame '{"jsonrpc":"2.0","method":"exit"}'
} > "$c/lsp/sessie"
# import: the first byte chooses CVDR XML (even) or plain text (odd)
n=0
for f in $(find tests/fixtures/import -name '*.xml' | sort); do
  n=$((n + 1)); { printf '\000'; cat "$f"; } > "$c/import/xml-$n"
done
for f in $(find tests/fixtures/import -name '*.txt' | sort); do
  n=$((n + 1)); { printf '\001'; cat "$f"; } > "$c/import/tekst-$n"
done
# besluit: the wijzigingsbesluiten of the project
n=0
for f in $(find ordinances tests/fixtures -name '*.wb' | sort); do
  n=$((n + 1)); cp "$f" "$c/besluit/wb-$n"
done
echo "corpora in $c: $(ls $c/parse | wc -l) ordinances, $(ls $c/eval | wc -l) cases"
# A dictionary of the grammar's literals (keywords, operators, month names), for libFuzzer's
# -dict: without the trace-compares instrumentation (the fast build, see README) the fuzzer
# learns the keywords from it instead of from the comparisons it watched.
python3 - <<'PY' > fuzz/verordening.dict
import re
grammar = open("grammar/verordening.pest", encoding="utf-8").read()
escapes = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
words = set()
for line in grammar.splitlines():
    if line.lstrip().startswith("//"):
        continue
    for lit in re.findall(r'"((?:[^"\\]|\\.)*)"', line.split(" //")[0]):
        text = re.sub(r"\\u\{([0-9a-fA-F]+)\}", lambda m: chr(int(m.group(1), 16)), lit)
        text = re.sub(r"\\(.)", lambda m: escapes.get(m.group(1), m.group(1)), text)
        if text and len(text) <= 40:
            words.add(text.encode("utf-8"))
for w in sorted(words):
    print('"' + "".join(chr(b) if 32 <= b < 127 and b not in (34, 92) else "\\x%02x" % b for b in w) + '"')
PY
