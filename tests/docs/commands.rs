//! Every `verordening ...` the docs mention, in running text or in a block that is not run
//! (a CI workflow, a table row), names a subcommand and options that exist. The list is read
//! from the tool's own `--help`, so it cannot go stale.

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

fn help(args: &[&str]) -> String {
    Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(args)
        .arg("--help")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

fn long_options(text: &str) -> BTreeSet<String> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '-'))
        .filter(|w| w.starts_with("--") && w.len() > 2)
        .map(str::to_string)
        .collect()
}

/// The subcommands listed under "Opdrachten:" in a help text (without `help`).
fn subcommands(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("Opdrachten:") {
            inside = true;
            continue;
        }
        if inside {
            match line.split_whitespace().next() {
                Some(name) if line.starts_with("  ") => {
                    if name != "help" {
                        out.push(name.to_string());
                    }
                }
                _ => inside = false,
            }
        }
    }
    out
}

/// Subcommand → its long options, from `verordening --help` and `verordening SUB --help`.
pub fn known() -> BTreeMap<String, BTreeSet<String>> {
    let top = help(&[]);
    let mut out = BTreeMap::new();
    let mut in_commands = false;
    for line in top.lines() {
        if line.starts_with("Opdrachten:") {
            in_commands = true;
            continue;
        }
        if in_commands {
            let Some(name) = line.split_whitespace().next() else {
                in_commands = false;
                continue;
            };
            if !line.starts_with("  ") {
                in_commands = false;
                continue;
            }
            let opts = if name == "help" {
                BTreeSet::new()
            } else {
                // A command with its own subcommands (`import cvdr`, `import tekst`): the
                // options of each count for it.
                let text = help(&[name]);
                let mut opts = long_options(&text);
                for sub in subcommands(&text) {
                    opts.extend(long_options(&help(&[name, &sub])));
                }
                opts
            };
            out.insert(name.to_string(), opts);
        }
    }
    for global in ["--help", "--version"] {
        out.insert(global.to_string(), BTreeSet::new());
    }
    out
}

/// The words after `verordening` in a line of text, if the line runs or shows the tool:
/// `verordening check x`, `$ verordening ...`, `run: verordening ...`, `- run: verordening ...`.
pub fn mention(line: &str) -> Option<Vec<String>> {
    let mut l = line.trim();
    for prefix in ["- ", "$ ", "run: "] {
        l = l.strip_prefix(prefix).unwrap_or(l).trim_start();
    }
    let rest = l.strip_prefix("verordening ")?;
    let words: Vec<String> = rest
        .split_whitespace()
        .take_while(|w| !w.starts_with('#') && *w != "|" && *w != ">" && *w != "||")
        .map(str::to_string)
        .collect();
    // `verordening "Titel" {` is a header in running text, and `verordening fout=vo::soort` or
    // `verordening illustratie` the info string of a block: neither is a command.
    let first = words.first()?;
    if first.contains('=') || ["illustratie", "uitvoer", "vervang"].contains(&first.as_str()) {
        return None;
    }
    first
        .starts_with(|c: char| c.is_ascii_alphabetic() || c == '-')
        .then_some(words)
}

/// Problems with one mention, if any.
pub fn problems(words: &[String], known: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let Some(sub) = words.first() else {
        return Vec::new();
    };
    let Some(opts) = known.get(sub) else {
        return vec![format!("`verordening {sub}` bestaat niet")];
    };
    words
        .iter()
        .skip(1)
        .filter(|w| w.starts_with("--"))
        .map(|w| {
            // `--format human\|json`, `[--deny-warnings]`, `--cases=MAP`.
            w.trim_end_matches([']', ')', ',', '.'])
                .split(['=', '\\', '|', ']'])
                .next()
                .unwrap_or("")
                .to_string()
        })
        .filter(|o| !opts.contains(o))
        .map(|o| format!("`verordening {sub}` kent de optie `{o}` niet"))
        .collect()
}
