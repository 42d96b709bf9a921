//! Reading the markdown: fenced code blocks with their info strings, and inline code spans.

use std::collections::BTreeMap;

/// The info string of a fence: ```` ```verordening bestand=x.vo fout=vo::soort ````.
#[derive(Debug, Clone, Default)]
pub struct Info {
    /// The first word (`verordening`, `sh`, `yaml`, `text`, ...); empty for a bare fence.
    pub lang: String,
    /// `key=value` words.
    pub attrs: BTreeMap<String, String>,
    /// Words without `=` after the language (`illustratie`, `uitvoer`).
    pub flags: Vec<String>,
}

impl Info {
    pub fn parse(text: &str) -> Info {
        let mut words = text.split_whitespace();
        let mut info = Info {
            lang: words.next().unwrap_or("").to_string(),
            ..Info::default()
        };
        for w in words {
            match w.split_once('=') {
                Some((k, v)) => {
                    info.attrs.insert(k.to_string(), v.to_string());
                }
                None => info.flags.push(w.to_string()),
            }
        }
        info
    }

    pub fn attr(&self, key: &str) -> Option<&str> {
        self.attrs.get(key).map(String::as_str)
    }

    pub fn has(&self, flag: &str) -> bool {
        self.flags.iter().any(|f| f == flag)
    }

    /// A comma-separated attribute (`fout=vo::a,vo::b`) as a list.
    pub fn list(&self, key: &str) -> Vec<String> {
        self.attr(key)
            .map(|v| {
                v.split(',')
                    .filter(|s| !s.is_empty())
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// One fenced code block.
#[derive(Debug, Clone)]
pub struct Block {
    pub info: Info,
    /// The content, with the fence's indentation removed; every line ends in `\n`.
    pub code: String,
    /// 1-based line of the opening fence.
    pub line: usize,
    /// 0-based line indices of the opening and closing fence (for rewriting the content).
    pub open: usize,
    pub close: usize,
    /// The indentation of the fence (blocks inside list items).
    pub indent: String,
}

pub fn blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut current: Option<Block> = None;
    for (n, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if let Some(info) = trimmed.strip_prefix("```") {
            match current.take() {
                Some(mut b) => {
                    b.close = n;
                    out.push(b);
                }
                None => {
                    current = Some(Block {
                        info: Info::parse(info),
                        code: String::new(),
                        line: n + 1,
                        open: n,
                        close: n,
                        indent: indent.to_string(),
                    })
                }
            }
        } else if let Some(b) = current.as_mut() {
            let content = line.strip_prefix(b.indent.as_str()).unwrap_or(line);
            b.code.push_str(content);
            b.code.push('\n');
        }
    }
    out
}

/// Inline code spans (`` `verordening check X` ``) outside fenced blocks, with their line.
pub fn inline_code(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let mut in_fence = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim_start().starts_with("```") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            continue;
        }
        let mut parts = line.split('`');
        // Every odd part is inside backticks.
        parts.next();
        while let Some(code) = parts.next() {
            out.push((code.to_string(), n + 1));
            if parts.next().is_none() {
                break;
            }
        }
    }
    out
}
