//! Where text uses a fact: `{{ id }}`, spaces inside the braces optional.
//!
//! The scan is lexical and total: every `{{` is either a use, an escaped `\{{`, or a
//! problem reported at its byte offset, so a typo never passes through to readers as
//! a raw `{{ tmall_hotlin }}`. What a use turns into is the caller's business (text
//! for titles and search, a link for a phone number in a step).

use std::ops::Range;

/// One `{{ id }}` in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Use<'a> {
    /// The fact's id, as written between the braces.
    pub id: &'a str,
    /// Bytes of the whole `{{ … }}`, braces included.
    pub span: Range<usize>,
}

/// Something in a text that looks like a use but is not one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Byte offset of the `{{` it starts at.
    pub offset: usize,
    pub message: String,
    pub help: String,
    /// For a use whose id is malformed, what stands between the braces (so the
    /// closest id of the site can be suggested, see [`super::Registry::malformed`]).
    pub written: Option<String>,
}

/// A piece of a text once its uses are found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece<'a> {
    /// Text as written (an escaped `\{{` is already `{{` here).
    Text(String),
    /// A use of fact `id`.
    Fact(&'a str),
}

/// Whether `id` is a well-formed fact id: `[a-z0-9_]+`, the same in YAML keys,
/// `data-fact` attributes and URL fragments of the facts page.
pub fn is_fact_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// Every use in `text`, in order, and every problem; `\{{` is skipped (it writes a
/// literal `{{`). A `{{` with no `}}` after it on the same line is unclosed.
pub fn find(text: &str) -> (Vec<Use<'_>>, Vec<Problem>) {
    let bytes = text.as_bytes();
    find_with(text, |start| start > 0 && bytes[start - 1] == b'\\')
}

/// Every use in `text` and every problem, where `escaped(offset)` says whether the
/// `{{` at `offset` was written escaped (in Markdown the parser has already removed
/// the backslash of `\{{`, and only the caller knows where it stood).
pub fn find_with(text: &str, escaped: impl Fn(usize) -> bool) -> (Vec<Use<'_>>, Vec<Problem>) {
    let mut uses = Vec::new();
    let mut problems = Vec::new();
    let mut i = 0;
    while let Some(found) = text[i..].find("{{") {
        let start = i + found;
        if escaped(start) {
            i = start + 2;
            continue;
        }
        let line_end = text[start..].find('\n').map_or(text.len(), |n| start + n);
        let Some(close) = text[start + 2..line_end].find("}}") else {
            problems.push(Problem {
                offset: start,
                message: "`{{` is not closed with `}}` on the same line".into(),
                help: "write a fact as `{{ fact_id }}`, or `\\{{` for two literal braces".into(),
                written: None,
            });
            i = start + 2;
            continue;
        };
        let end = start + 2 + close + 2;
        let inner = text[start + 2..end - 2].trim_matches([' ', '\t']);
        if is_fact_id(inner) {
            uses.push(Use {
                id: inner,
                span: start..end,
            });
        } else {
            problems.push(Problem {
                offset: start,
                message: format!("`{}` is not a fact id", &text[start..end]),
                help: "a fact id is lower-case letters, digits and `_` (`{{ tmall_hotline }}`); write `\\{{` for two literal braces".into(),
                written: Some(inner.to_string()),
            });
        }
        i = end;
    }
    (uses, problems)
}

/// `text` cut into text and uses, for text that is not Markdown (front matter fields):
/// `\{{` becomes `{{` here, since no Markdown parser will unescape it.
pub fn pieces(text: &str) -> (Vec<Piece<'_>>, Vec<Problem>) {
    let (uses, problems) = find(text);
    let mut out = Vec::new();
    let mut at = 0;
    let push_text = |s: &str, out: &mut Vec<Piece<'_>>| {
        if !s.is_empty() {
            out.push(Piece::Text(s.replace("\\{{", "{{")));
        }
    };
    for u in &uses {
        push_text(&text[at..u.span.start], &mut out);
        out.push(Piece::Fact(u.id));
        at = u.span.end;
    }
    push_text(&text[at..], &mut out);
    (out, problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uses_are_found_with_or_without_spaces() {
        let (uses, problems) = find("拨打 {{tmall_hotline}} 或 {{  hours_12315 }}。");
        assert!(problems.is_empty());
        let ids: Vec<_> = uses.iter().map(|u| u.id).collect();
        assert_eq!(ids, ["tmall_hotline", "hours_12315"]);
        assert_eq!(
            &"拨打 {{tmall_hotline}}"[uses[0].span.clone()],
            "{{tmall_hotline}}"
        );
    }

    #[test]
    fn an_escaped_pair_is_literal_text() {
        let (uses, problems) = find(r"write \{{ x }} to show braces");
        assert!(uses.is_empty() && problems.is_empty());
        let (pieces, _) = pieces(r"a \{{ b }} c");
        assert_eq!(pieces, [Piece::Text("a {{ b }} c".into())]);
    }

    #[test]
    fn malformed_and_unclosed_uses_are_problems_at_their_braces() {
        let text = "x {{ Tmall-Hotline }} y {{ open\n{{ ok }}";
        let (uses, problems) = find(text);
        assert_eq!(uses.len(), 1);
        assert_eq!(uses[0].id, "ok");
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].offset, 2);
        assert!(problems[0]
            .message
            .contains("`{{ Tmall-Hotline }}` is not a fact id"));
        assert_eq!(problems[1].offset, text.find("{{ open").unwrap());
        assert!(problems[1].message.contains("not closed"));
    }

    #[test]
    fn pieces_alternate_text_and_facts() {
        let (pieces, problems) = pieces("call {{a}}, then {{b}}");
        assert!(problems.is_empty());
        assert_eq!(
            pieces,
            [
                Piece::Text("call ".into()),
                Piece::Fact("a"),
                Piece::Text(", then ".into()),
                Piece::Fact("b"),
            ]
        );
    }

    #[test]
    fn ids_are_lower_case_ascii_digits_and_underscores() {
        assert!(is_fact_id("tmall_hotline_2"));
        for bad in ["", "Tmall", "a-b", "电话", "a b"] {
            assert!(!is_fact_id(bad), "{bad}");
        }
    }
}
