//! Problems found in a site's sources, reported the way a compiler reports them.
//!
//! Every stage collects [`Diagnostic`]s instead of stopping at the first one, so an
//! author sees every problem of a build in one run. Each diagnostic names the file,
//! line and column, says what is wrong and, where it can, how to fix it.

use std::fmt;

/// How serious a problem is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
pub enum Level {
    /// The build fails.
    Error,
    /// The build goes on; the author should look.
    Warning,
}

/// One problem in one place of a source file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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

impl Diagnostic {
    /// The report as a terminal shows it: `error: …`, ` --> file:line:col`, the quoted
    /// line with a caret under the column (aligned under wide Chinese characters too),
    /// and `= help: …`. Rendered by annotate-snippets, as cargo's are; `styled` adds
    /// colour (only ever asked for on a terminal that wants it).
    pub fn render(&self, styled: bool) -> String {
        use annotate_snippets::{AnnotationKind, Group, Origin, Renderer, Snippet};
        let level = match self.level {
            Level::Error => annotate_snippets::Level::ERROR,
            Level::Warning => annotate_snippets::Level::WARNING,
        };
        let mut group = Group::with_title(level.primary_title(self.message.as_str()));
        match (&self.source_line, self.line) {
            (Some(src), line) if line > 0 => {
                let start = src
                    .char_indices()
                    .nth(self.column.saturating_sub(1))
                    .map_or(src.len(), |(i, _)| i);
                let end = src[start..]
                    .chars()
                    .next()
                    .map_or(start, |c| start + c.len_utf8());
                group = group.element(
                    Snippet::source(src.as_str())
                        .line_start(line)
                        .path(self.file.as_str())
                        .fold(false)
                        .annotation(AnnotationKind::Primary.span(start..end)),
                );
            }
            _ => {
                let mut origin = Origin::path(self.file.as_str());
                if self.line > 0 {
                    origin = origin.line(self.line);
                    if self.column > 0 {
                        origin = origin.char_column(self.column);
                    }
                }
                group = group.element(origin);
            }
        }
        if let Some(help) = &self.help {
            group = group.element(annotate_snippets::Level::HELP.message(help.as_str()));
        }
        let renderer = if styled {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        renderer.render(&[group])
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
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

/// Levenshtein distance in characters (not bytes, so a Chinese character counts once):
/// the one measure of "how far off" every suggestion uses.
pub fn edit_distance(a: &str, b: &str) -> usize {
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
        assert_eq!(
            shown,
            "error: unknown key `titel`\n --> content/a.md:2:1\n  |\n2 | titel: x\n  | ^\n  |\n  = help: did you mean `title`?"
        );
    }

    #[test]
    fn carets_line_up_under_chinese_text() {
        let d = Diagnostic::new("content/a.md", 1, 3, "bad link").quoting("点[这里](x)\n");
        let shown = d.to_string();
        assert!(shown.contains("1 | 点[这里](x)\n  |    ^^"), "{shown}");
    }
}
