//! Shared by the tests that drive the command line.

use std::process::Command;

/// Run `verordening` with arguments; (exit code, stdout, stderr).
pub fn run(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_verordening"))
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .unwrap_or_else(|e| panic!("cannot run verordening: {e}"));
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// The rows of the markdown table under `## {section}` whose first cell is backquoted, each
/// cell trimmed of its backquotes (used by the tests that read documented differences).
#[allow(dead_code)]
pub fn markdown_table(md: &str, section: &str) -> Vec<Vec<String>> {
    let body = md
        .split(&format!("## {section}\n"))
        .nth(1)
        .and_then(|r| r.split("\n## ").next())
        .unwrap_or_else(|| panic!("no section {section}"));
    body.lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            l.trim_matches('|')
                .split(" | ")
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect()
        })
        .collect()
}
