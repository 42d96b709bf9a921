//! A throw-away project directory with the shipped ordinances, and running the tool in it.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering};

static COUNTER: AtomicUsize = AtomicUsize::new(0);

/// A fresh directory holding a copy of `ordinances/` and a `verordening.toml` (the project
/// root marker), removed when dropped.
pub struct Project {
    pub root: PathBuf,
}

impl Project {
    pub fn new() -> std::io::Result<Project> {
        let n = COUNTER.fetch_add(1, Ordering::SeqCst);
        let root =
            std::env::temp_dir().join(format!("verordening-docs-{}-{n}", std::process::id()));
        if root.exists() {
            std::fs::remove_dir_all(&root)?;
        }
        std::fs::create_dir_all(&root)?;
        std::fs::write(root.join("verordening.toml"), "")?;
        copy_dir(Path::new("ordinances"), &root.join("ordinances"))?;
        Ok(Project { root })
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.root.join(rel)
    }

    pub fn read(&self, rel: &str) -> Option<String> {
        std::fs::read_to_string(self.path(rel)).ok()
    }

    pub fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        let p = self.path(rel);
        if let Some(dir) = p.parent() {
            std::fs::create_dir_all(dir)?;
        }
        std::fs::write(p, bytes)
    }

    /// Run `verordening ARGS` in the project; a `> FILE` at the end writes stdout to FILE.
    pub fn run(&self, args: &[String]) -> Ran {
        let (args, redirect) = match args {
            [rest @ .., gt, file] if gt == ">" => (rest, Some(file)),
            _ => (args, None),
        };
        let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
            .args(args)
            .current_dir(&self.root)
            .env("NO_COLOR", "1")
            .output();
        let Ok(out) = out else {
            return Ran {
                code: -1,
                output: "verordening kon niet worden gestart".to_string(),
            };
        };
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let output = match redirect {
            Some(f) => {
                let _ = self.write(f, stdout.as_bytes());
                stderr
            }
            None => format!("{stdout}{stderr}"),
        };
        Ran {
            code: out.status.code().unwrap_or(-1),
            output: output.replace(&self.root.display().to_string(), "."),
        }
    }

    /// The codes `verordening check` reports for a file, as `(code, level)`.
    pub fn check_codes(&self, rel: &str) -> Result<BTreeSet<(String, String)>, String> {
        let ran = self.run(&[
            "check".to_string(),
            "--format".to_string(),
            "json".to_string(),
            rel.to_string(),
        ]);
        let v: serde_json::Value = serde_json::from_str(&ran.output)
            .map_err(|e| format!("check gaf geen JSON ({e}):\n{}", ran.output))?;
        let field = |d: &serde_json::Value, k: &str| {
            d.get(k)
                .and_then(serde_json::Value::as_str)
                .unwrap_or("")
                .to_string()
        };
        let list = v
            .get("diagnostics")
            .and_then(serde_json::Value::as_array)
            .cloned()
            .unwrap_or_default();
        Ok(list
            .iter()
            .map(|d| (field(d, "code"), field(d, "level")))
            .collect())
    }

    /// The human report of `verordening check` for a file (for failure messages).
    pub fn check_report(&self, rel: &str) -> String {
        self.run(&["check".to_string(), rel.to_string()]).output
    }
}

impl Drop for Project {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

pub struct Ran {
    pub code: i32,
    /// stdout followed by stderr.
    pub output: String,
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for e in std::fs::read_dir(from)? {
        let e = e?;
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            std::fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

/// Split a command line into words: whitespace separates, double or single quotes group,
/// a `#` after whitespace starts a comment.
pub fn split_command(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') if !in_word => break,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    words
}

/// Text in Windows-1252 (how Word saves "ANSI"), for the example of a file that is not UTF-8.
pub fn windows_1252(text: &str) -> Result<Vec<u8>, char> {
    text.chars()
        .map(|c| match c {
            '€' => Ok(0x80),
            c if (c as u32) < 0x80 || (0xA0..=0xFF).contains(&(c as u32)) => Ok(c as u32 as u8),
            c => Err(c),
        })
        .collect()
}
