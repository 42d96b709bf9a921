// The TextMate grammar, run through the same engine as VS Code (vscode-textmate with
// Oniguruma): every pattern compiles and the tokens of a sample get the intended scopes.
// Run with `npm test`. (That every keyword of the pest grammar is highlighted is checked by
// `cargo test --test lsp`.)

const test = require("node:test");
const assert = require("node:assert");
const fs = require("node:fs");
const path = require("node:path");
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

async function loadGrammar() {
  const wasm = fs.readFileSync(
    path.join(path.dirname(require.resolve("vscode-oniguruma")), "onig.wasm"),
  );
  await oniguruma.loadWASM(wasm.buffer);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => {
      const file = path.join(__dirname, "..", "syntaxes", "verordening.tmLanguage.json");
      return vsctm.parseRawGrammar(fs.readFileSync(file, "utf8"), file);
    },
  });
  return registry.loadGrammar("source.verordening");
}

/** Tokens of a text as [text, innermost scope]. */
function tokens(grammar, text) {
  let state = vsctm.INITIAL;
  const out = [];
  for (const line of text.split("\n")) {
    const r = grammar.tokenizeLine(line, state);
    for (const t of r.tokens) {
      out.push([line.substring(t.startIndex, t.endIndex), t.scopes[t.scopes.length - 1]]);
    }
    state = r.ruleStack;
  }
  return out;
}

function scopeOf(toks, text) {
  const t = toks.find(([s]) => s === text);
  assert.ok(t, `no token ${JSON.stringify(text)} in ${JSON.stringify(toks)}`);
  return t[1];
}

test("the sample gets its scopes", async () => {
  const grammar = await loadGrammar();
  const sample = [
    'verordening "Verordening Teststad" {',
    "  model \"../vng/model-2023.vo\"",
    "  geldig vanaf 2023-07-01",
    "}",
    "# commentaar",
    "invulling art8.lid3.bedrag = € 1.250,50",
    "invulling art13.lid2.percentage = 50%",
    "invulling art14b.lid4.weken = 8 weken",
    "keuze art14h.lid2.regiem = jaarpercentages",
    "niet overgenomen art5, art9.lid3-4",
    "artikel 20 \"Premie\" {",
    "  lid 1 {",
    '    tekst "De premie, bedoeld in artikel 14b, derde lid, is {art8.lid3.bedrag} \\"netto\\"."',
    "    kan beëindigen premie als niet verdringing en persoon.leeftijd >= 27 jaar",
    "    feit persoon.startkwalificatie: ja/nee",
    "    samenhang K01 fout \"x\": overgenomen(art4) = ja",
    "  }",
    "}",
  ].join("\n");
  const t = tokens(grammar, sample);
  assert.match(scopeOf(t, "verordening"), /^keyword\.other\.layer/);
  assert.match(scopeOf(t, "# commentaar"), /^comment\.line/);
  assert.match(scopeOf(t, "2023-07-01"), /^constant\.numeric\.date/);
  assert.match(scopeOf(t, "art8.lid3.bedrag"), /^variable\.other\.slot/);
  assert.match(scopeOf(t, "art9.lid3-4"), /^variable\.other\.slot/);
  assert.match(scopeOf(t, "€ 1.250,50"), /^constant\.numeric\.money/);
  assert.match(scopeOf(t, "50%"), /^constant\.numeric\.percent/);
  assert.match(scopeOf(t, "weken"), /^keyword\.other\.unit/);
  assert.match(scopeOf(t, "invulling"), /^storage\.type/);
  assert.match(scopeOf(t, "overgenomen"), /^storage\.type/);
  assert.match(scopeOf(t, "artikel"), /^keyword\.other\.structure/);
  assert.match(scopeOf(t, "{art8.lid3.bedrag}"), /^variable\.other\.placeholder/);
  assert.match(scopeOf(t, "artikel 14b, derde lid"), /^markup\.underline\.link/);
  assert.match(scopeOf(t, '\\"'), /^constant\.character\.escape/);
  assert.match(scopeOf(t, "beëindigen"), /^keyword\.control/);
  assert.match(scopeOf(t, "en"), /^keyword\.operator\.word/);
  assert.match(scopeOf(t, "ja/nee"), /^support\.type/);
  assert.match(scopeOf(t, "ja"), /^constant\.language/);
  assert.match(scopeOf(t, "persoon.leeftijd"), /^variable\.other\.slot/);
});

test("a keyword at the start of a slot path stays part of the path", async () => {
  const grammar = await loadGrammar();
  const t = tokens(grammar, "invulling aanhef.naam_gemeente = \"Teststad\"");
  assert.match(scopeOf(t, "aanhef.naam_gemeente"), /^variable\.other\.slot/);
});

test("a choice from a list: the function, its condition word and its order words", async () => {
  const grammar = await loadGrammar();
  const t = tokens(grammar, "  definitie kandidaat = kies(wachtlijst waarbij geschikt, vroegste ingeschreven_op, hoogste urgentie)");
  assert.match(scopeOf(t, "kies"), /^support\.function/);
  assert.match(scopeOf(t, "waarbij"), /^keyword\.operator\.word/);
  assert.match(scopeOf(t, "vroegste"), /^keyword\.operator\.word/);
  assert.match(scopeOf(t, "hoogste"), /^keyword\.operator\.word/);
});

test("a function call is a function", async () => {
  const grammar = await loadGrammar();
  const t = tokens(grammar, "  samenhang K01 fout \"x\": overgenomen(art4) = gekozen(art14h.lid2.regiem, uren)");
  assert.match(scopeOf(t, "gekozen"), /^support\.function/);
  assert.match(scopeOf(t, "art14h.lid2.regiem"), /^variable\.other\.slot/);
});
