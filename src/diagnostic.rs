//! Problems found in a site's sources, reported the way a compiler reports them.
//!
//! Every stage collects [`Diagnostic`]s instead of stopping at the first one, so an
//! author sees every problem of a build in one run. Each diagnostic names the file,
//! line and column, says what is wrong and, where it can, how to fix it.

use std::fmt;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Level {
    /// The build fails.
    Error,
    /// The build goes on; the author should look.
    Warning,
}

/// One problem in one place of a source file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Whether the problem fails the build.
    pub level: Level,
    /// Path of the file, relative to the site root and `/`-separated (`content/a.md`).
    pub file: String,
    /// 1-based line; 0 when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column in characters; 0 when unknown.
    pub column: usize,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How to fix it, when we can tell.
    pub help: Option<String>,
    /// The text of the offending line, shown under the location.
    pub source_line: Option<String>,
}

impl Diagnostic {
    /// A problem at `file:line:column`.
    pub fn new(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level: Level::Error,
            file: file.into(),
            line,
            column,
            message: message.into(),
            help: None,
            source_line: None,
        }
    }

    /// A problem that does not fail the build.
    pub fn warning(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            level: Level::Warning,
            ..Diagnostic::new(file, line, column, message)
        }
    }

    /// Adds a suggestion of how to fix the problem.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches the offending line of `text` (the whole file) so the report can quote it.
    pub fn quoting(mut self, text: &str) -> Self {
        if self.line > 0 {
            self.source_line = text
                .lines()
                .nth(self.line - 1)
                .map(|l| l.trim_end().to_string());
        }
        self
    }

    /// `file:line:column`, as editors and terminals understand it.
    pub fn location(&self) -> String {
        match (self.line, self.column) {
            (0, _) => self.file.clone(),
            (l, 0) => format!("{}:{l}", self.file),
            (l, c) => format!("{}:{l}:{c}", self.file),
        }
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.level {
            Level::Error => "error",
            Level::Warning => "warning",
        };
        writeln!(f, "{level}: {}", self.message)?;
        write!(f, "  --> {}", self.location())?;
        if let Some(src) = &self.source_line {
            let gutter = self.line.to_string().len();
            write!(f, "\n{:gutter$} |\n{} | {}", "", self.line, src)?;
            if self.column > 0 {
                let pad: usize = src
                    .chars()
                    .take(self.column - 1)
                    .map(|c| if is_wide(c) { 2 } else { 1 })
                    .sum();
                write!(f, "\n{:gutter$} | {:pad$}^", "", "")?;
            }
        }
        if let Some(help) = &self.help {
            write!(f, "\n  = help: {help}")?;
        }
        Ok(())
    }
}

/// East Asian wide characters take two terminal columns; the caret must account for them.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// Sorts diagnostics by file, line and column so a report reads top to bottom, and
/// drops repeats (one template error met by every page is reported once).
pub fn sort(diagnostics: &mut Vec<Diagnostic>) {
    diagnostics.sort_by(|a, b| {
        (&a.file, a.line, a.column, &a.message, &a.help)
            .cmp(&(&b.file, b.line, b.column, &b.message, &b.help))
    });
    diagnostics.dedup();
}

/// Line and column (both 1-based, column in characters) of a byte offset in `text`.
pub fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..floor_char_boundary(text, offset)];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The closest of `candidates` to `word`, if it is close enough to be a likely typo
/// and is not `word` itself. Ties go to the alphabetically first, so the answer never
/// depends on the order of `candidates`.
pub fn suggest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .filter(|c| **c != word)
        .map(|c| (edit_distance(word, c), *c))
        .filter(|(d, c)| *d <= (c.chars().count() / 3).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters_not_bytes() {
        let text = "一二\n三四五x";
        assert_eq!(line_col(text, 0), (1, 1));
        let x = text.find('x').unwrap();
        assert_eq!(line_col(text, x), (2, 4));
    }

    #[test]
    fn suggests_near_misses_only() {
        let keys = ["title", "description", "order", "slug"];
        assert_eq!(suggest("titel", &keys), Some("title"));
        assert_eq!(suggest("descripton", &keys), Some("description"));
        assert_eq!(suggest("colour", &keys), None);
        assert_eq!(suggest("title", &keys), None, "never the word itself");
        let mut shuffled = ["ab.md", "aa.md", "ac.md"];
        let first = suggest("ad.md", &shuffled);
        shuffled.reverse();
        assert_eq!(suggest("ad.md", &shuffled), first, "independent of order");
    }

    #[test]
    fn display_quotes_the_line_and_points_at_the_column() {
        let d = Diagnostic::new("content/a.md", 2, 1, "unknown key `titel`")
            .with_help("did you mean `title`?")
            .quoting("---\ntitel: x\n---\n");
        let shown = d.to_string();
        assert!(shown.contains("--> content/a.md:2:1"), "{shown}");
        assert!(shown.contains("2 | titel: x"), "{shown}");
        assert!(shown.contains("= help: did you mean `title`?"), "{shown}");
    }
}
