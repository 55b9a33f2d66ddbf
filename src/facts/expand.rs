//! A text field's uses of facts replaced by their values: plain text for titles,
//! descriptions, search and JSON-LD; marked-up text for the fields a template shows.

use super::uses::{self, Piece, Problem};
use super::Registry;
use crate::strings::escape;

/// `text` with every `{{ id }}` replaced by the fact's value (and `\{{` by `{{`), the
/// ids it used in order, and every problem: a malformed or unclosed use, or an id the
/// registry lacks (with the closest one).
pub fn plain(registry: &Registry, text: &str) -> (String, Vec<String>, Vec<Problem>) {
    let (found, mut problems) = uses::find(text);
    let mut out = String::with_capacity(text.len());
    let mut used = Vec::new();
    // Text between uses is written as it stands, but for `\{{`, which no Markdown
    // parser will unescape here.
    let mut done = 0;
    for u in &found {
        out.push_str(&text[done..u.span.start].replace("\\{{", "{{"));
        done = u.span.end;
        match registry.get(u.id) {
            Some(fact) => {
                out.push_str(&fact.value);
                used.push(u.id.to_string());
            }
            None => {
                let (message, help) = registry.unknown(u.id);
                problems.push(Problem {
                    offset: u.span.start,
                    message,
                    help,
                    written: None,
                });
            }
        }
    }
    out.push_str(&text[done..].replace("\\{{", "{{"));
    problems.sort_by_key(|p| p.offset);
    for problem in &mut problems {
        registry.malformed(problem);
    }
    (out, used, problems)
}

/// `text` (already checked by [`plain`]) as HTML: text escaped, each fact's value in
/// `<span class="fact" data-fact="id">`. No link and no provenance card: a field may
/// stand inside a link (a channel's card) and be shown twice on a page; the page's
/// list of sources and the facts page carry its provenance.
pub fn field_html(registry: &Registry, text: &str) -> String {
    let (pieces, _) = uses::pieces(text);
    let mut out = String::with_capacity(text.len() + 32);
    for piece in &pieces {
        match piece {
            Piece::Text(t) => out.push_str(&escape(t)),
            Piece::Fact(id) => match registry.get(id) {
                Some(fact) => out.push_str(&format!(
                    "<span class=\"fact\" data-fact=\"{}\">{}</span>",
                    escape(id),
                    escape(&fact.value)
                )),
                None => out.push_str(&escape(&format!("{{{{ {id} }}}}"))),
            },
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::facts::{Fact, Kind};

    fn registry() -> Registry {
        let mut r = Registry::default();
        r.facts.insert(
            "hotline".into(),
            Fact {
                id: "hotline".into(),
                value: "<9510211>".into(),
                kind: Kind::Phone,
                source: None,
                checked: None,
                note: None,
                href: Some("tel:9510211".into()),
                line: 1,
            },
        );
        r
    }

    #[test]
    fn values_replace_uses_and_unknown_ids_are_problems() {
        let (text, used, problems) = plain(
            &registry(),
            "拨打 {{ hotline }}，或 {{ hotlin }}，\\{{ x }}",
        );
        assert_eq!(text, "拨打 <9510211>，或 ，{{ x }}");
        assert_eq!(used, ["hotline"]);
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].message, "there is no fact `hotlin`");
        assert_eq!(problems[0].offset, "拨打 {{ hotline }}，或 ".len());
        assert_eq!(problems[0].help, "did you mean `{{ hotline }}`?");
    }

    #[test]
    fn field_html_escapes_text_and_values() {
        let html = field_html(&registry(), "<b>{{ hotline }}</b>");
        assert_eq!(
            html,
            "&lt;b&gt;<span class=\"fact\" data-fact=\"hotline\">&lt;9510211&gt;</span>&lt;/b&gt;"
        );
    }
}
