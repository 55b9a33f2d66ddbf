//! Advice for authors that does not stop a build: what `waymark check` warns about.
//!
//! Each finding points at its line: a page without a description (search results and
//! link previews then show the start of its text), a heading that skips a level
//! (screen-reader users navigate by heading level), an image without alt text, a link
//! to plain `http:` (it breaks on sites that force HTTPS and leaks what the reader
//! opens), a channel without a `summary` (its card cannot say when to choose it), a
//! channel with a contact but no `checked` date, a contact that looks like a phone
//! number but cannot be dialled, a check date older than the site's `stale_after`, and
//! the placeholder sentences `init` and `new` write, a page no other page links to, and
//! footnotes readers never see (never cited, defined twice) or citations nothing defines.

use pulldown_cmark::{Event, Tag, TagEnd};

use super::links::LinkIndex;
use super::{plain_text, Document};
use crate::content::Page;
use crate::diagnostic::{line_col, Diagnostic};
use crate::yaml::locate;

/// Every finding of one page, in document order.
/// `unshown` are the page's footnotes no output page shows ([`super::unshown_notes`]).
pub fn lint(page: &Page, doc: &Document, unshown: &[super::UnshownNote]) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let key = |path: &str| key_place(page, path);
    let at = |offset: usize| line_col(&page.text, offset);
    let mut warn = |(line, column): (usize, usize), message: String, help: &str| {
        found.push(
            Diagnostic::warning(&page.source, line, column, message)
                .with_help(help)
                .quoting(&page.text),
        );
    };
    if page
        .meta
        .description
        .as_deref()
        .is_none_or(|d| d.trim().is_empty())
    {
        warn(
            key("title"),
            "the page has no `description`".to_string(),
            "add `description: …`, one sentence saying what the page helps with; search results and link previews show it",
        );
    }
    for (offset, name) in empty_notes(doc, unshown) {
        warn(
            at(offset),
            format!("footnote `[^{name}]` is empty: readers follow its number to nothing"),
            &format!("write the note after `[^{name}]:`, or remove it and its citations"),
        );
    }
    for (offset, name) in undefined_citations(page, doc) {
        warn(
            at(offset),
            format!("footnote `[^{name}]` has no definition, so readers see the brackets as text"),
            &format!("add the note as `[^{name}]: …` on a line of its own, or remove the citation"),
        );
    }
    for note in unshown {
        let name = note.name;
        if let Some((nth, first)) = note.duplicate {
            warn(
                at(note.offset),
                format!(
                    "footnote `[^{name}]` is defined again here; only its first definition (line {}) is used",
                    at(first).0
                ),
                &format!("give this one a name of its own (`[^{name}-{nth}]:`) and cite it, or delete it"),
            );
        } else if note.cited {
            warn(
                at(note.offset),
                format!("footnote `[^{name}]` is cited only from notes readers never see"),
                &format!("cite it with `[^{name}]` in the text, or delete it with the notes that cite it"),
            );
        } else {
            warn(
                at(note.offset),
                format!("footnote `[^{name}]` is never cited, so readers never see it"),
                &format!("cite it with `[^{name}]` where it applies, or delete the definition"),
            );
        }
    }
    for (i, channel) in page.meta.channels.iter().enumerate() {
        // A contact written as a fact is checked as the fact (`check` says so there).
        let from_fact = channel.raw.contains_key("contact");
        if channel.contact.is_some() && channel.checked.is_none() && !from_fact {
            warn(
                key(&format!("channels[{i}].contact")),
                format!("channel `{}` gives a contact but no `checked` date", channel.id),
                "add `checked: YYYY-MM-DD` once someone has confirmed the number and hours; until then its page asks readers to verify them",
            );
        }
        if let Some(why) = channel
            .contact
            .as_deref()
            .and_then(crate::content::contact::undiallable)
        {
            warn(
                key(&format!("channels[{i}].contact")),
                format!(
                    "channel `{}`'s contact looks like a phone number but cannot be dialled: {why}",
                    channel.id
                ),
                "readers tap the number to call it; until it can be dialled its page shows it as plain text, with no call button",
            );
        }
        if channel
            .summary
            .as_deref()
            .is_none_or(|s| s.trim().is_empty())
        {
            warn(
                key(&format!("channels[{i}].id")),
                format!("channel `{}` has no `summary`", channel.id),
                "add `summary: …`, one line telling a reader when this channel is the right one",
            );
        }
    }
    for placeholder in crate::scaffold::placeholders() {
        for (offset, _) in page.text.match_indices(placeholder) {
            warn(
                at(offset),
                placeholder_message(placeholder),
                "replace it with the page's own words",
            );
        }
    }
    let mut previous_level = 1;
    for heading in &doc.headings {
        if heading.level > previous_level + 1 {
            let after = if previous_level == 1 {
                "right under the page title".to_string()
            } else {
                format!("after a level {previous_level} heading")
            };
            warn(
                at(heading.offset),
                format!(
                    "this level {} heading comes {after}, skipping a level",
                    heading.level
                ),
                "use the next level down (`##` under the title, `###` under `##`), so screen readers can follow the outline",
            );
        }
        previous_level = heading.level;
    }
    // Raw HTML is shown to readers as text (never passed through): said once per page,
    // with how many pieces and where the first stands. Comments are dropped, not shown.
    let mut in_comment = false;
    let raw: Vec<usize> = doc
        .events
        .iter()
        .filter_map(|(event, offset)| match event {
            Event::Html(raw) | Event::InlineHtml(raw) => {
                let shown = super::without_comments(raw, &mut in_comment);
                (!shown.trim().is_empty()).then_some(*offset)
            }
            _ => None,
        })
        .collect();
    if let Some(first) = raw.first() {
        let count = raw.len();
        let pieces = if count == 1 { "piece" } else { "pieces" };
        warn(
            at(*first),
            format!("{count} {pieces} of raw HTML will show as text, the first here"),
            "Waymark never passes HTML through (a page can carry no markup or script of its own): write it in Markdown, or as a code span if the tags are meant to be read",
        );
    }
    for (i, (event, offset)) in doc.events.iter().enumerate() {
        match event {
            Event::Start(Tag::Image { .. }) => {
                let alt = plain_text(&doc.events[i + 1..], |e| {
                    matches!(e, Event::End(TagEnd::Image))
                });
                if alt.trim().is_empty() {
                    warn(
                        at(*offset),
                        "this image has no alt text".to_string(),
                        "describe the image between the brackets: `![订单详情页的截图](…)`",
                    );
                }
            }
            Event::Start(Tag::Link { dest_url, .. })
                if dest_url
                    .trim_start()
                    .get(..5)
                    .is_some_and(|s| s.eq_ignore_ascii_case("http:")) =>
            {
                warn(
                    at(*offset),
                    format!("the link `{dest_url}` uses plain `http:`"),
                    "use `https:` if the site offers it",
                );
            }
            _ => {}
        }
    }
    found
}

/// Check dates (a page's `updated`, a channel's `checked`) after `today` (days since
/// 1970-01-01), which claim a check that has not happened yet, and, with the site's
/// `stale_after` (`max_days`), those older than that.
pub fn stale(page: &Page, today: i64, max_days: Option<i64>) -> Vec<Diagnostic> {
    let mut dates: Vec<(String, &str)> = Vec::new();
    if let Some(d) = page.meta.updated.as_deref() {
        dates.push(("updated".to_string(), d));
    }
    // A date a translation takes from its original is the original's to renew.
    for (i, c) in page
        .meta
        .channels
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.checked_inherited)
    {
        if let Some(d) = c.checked.as_deref() {
            dates.push((format!("channels[{i}].checked"), d));
        }
    }
    dates
        .into_iter()
        .filter_map(|(path, date)| {
            let age = today - days_since_epoch(date)?;
            let (message, help) = if age < 0 {
                (
                    format!("the date {date} is in the future: it claims a check that has not happened"),
                    "write the day the facts were last checked",
                )
            } else {
                let max = max_days.filter(|max| age > *max)?;
                (
                    format!("these facts were checked {age} days ago, more than the site's `stale_after` of {max} days"),
                    "check the numbers and hours again, then update the date",
                )
            };
            let (l, c) = key_place(page, &path);
            Some(
                Diagnostic::warning(&page.source, l, c, message)
                    .with_help(help)
                    .quoting(&page.text),
            )
        })
        .collect()
}

/// Line and column of the front-matter key at `path` of `page` (`channels[2].checked`),
/// or of the front matter's first line when the key is not written there.
fn key_place(page: &Page, path: &str) -> (usize, usize) {
    let yaml_line = line_col(&page.text, page.yaml.start).0;
    locate::find(page.yaml(), path).map_or((yaml_line, 1), |(l, c)| (yaml_line + l - 1, c))
}

/// What `check` says of a placeholder sentence `init` or `new` wrote.
fn placeholder_message(placeholder: &str) -> String {
    format!("this is placeholder text from `waymark init` or `waymark new`: “{placeholder}”")
}

/// The placeholder sentences `init` wrote into `site.yml` (`text`) and still there.
pub fn site_placeholders(text: &str) -> Vec<Diagnostic> {
    crate::scaffold::placeholders()
        .into_iter()
        .flat_map(|placeholder| text.match_indices(placeholder))
        .map(|(offset, placeholder)| {
            let (line, column) = line_col(text, offset);
            Diagnostic::warning("site.yml", line, column, placeholder_message(placeholder))
                .with_help("replace it with the site's own words")
                .quoting(text)
        })
        .collect()
}

/// Footnotes shown with nothing in them: the reader follows a number to an empty note.
fn empty_notes<'d>(doc: &'d Document, unshown: &[super::UnshownNote]) -> Vec<(usize, &'d str)> {
    let mut found = Vec::new();
    for (i, (event, offset)) in doc.events.iter().enumerate() {
        let Event::Start(Tag::FootnoteDefinition(name)) = event else {
            continue;
        };
        if unshown.iter().any(|note| note.body.start == i + 1) {
            continue;
        }
        let end = super::matching_end(&doc.events, i).min(doc.events.len());
        let holds_something = doc.events[i + 1..end].iter().any(|(e, _)| match e {
            Event::Text(t) | Event::Code(t) => !t.trim().is_empty(),
            Event::Start(Tag::Image { .. }) | Event::FootnoteReference(_) => true,
            _ => false,
        });
        if !holds_something {
            found.push((*offset, name.as_ref()));
        }
    }
    found
}

/// Values of facts typed out by hand in the text of `page` (outside code and outside
/// uses of facts): each should be a use, so a change of the fact reaches it. Only
/// values of five characters or more are looked for, so a short word is not taken for
/// a fact; a phone number is also found with its spaces and dashes left out.
pub fn typed_facts(
    page: &Page,
    doc: &Document,
    registry: &crate::facts::Registry,
) -> Vec<Diagnostic> {
    let wanted: Vec<&crate::facts::Fact> = registry
        .facts
        .values()
        .filter(|f| f.value.chars().count() >= 5)
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let mut found = Vec::new();
    let mut reported = std::collections::HashSet::new();
    let (mut in_code, mut in_fact) = (0usize, false);
    for (event, offset) in &doc.events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Start(tag @ Tag::Link { .. }) if super::facts::is_fact_tag(tag) => {
                in_fact = true
            }
            Event::End(TagEnd::Link) if in_fact => in_fact = false,
            Event::Text(text) if in_code == 0 && !in_fact => {
                for fact in &wanted {
                    let Some((at, typed)) = typed_in(text, fact) else {
                        continue;
                    };
                    if !reported.insert((*offset, fact.id.as_str())) {
                        continue;
                    }
                    // The text event is the page text verbatim unless it came from an
                    // escape or entity; then its start is close enough.
                    let place = Some(offset + at)
                        .filter(|p| page.text.is_char_boundary(*p))
                        .unwrap_or(*offset);
                    let (line, column) = line_col(&page.text, place);
                    found.push(
                        Diagnostic::warning(
                            &page.source,
                            line,
                            column,
                            format!("`{typed}` is typed here, but the fact `{}` holds it", fact.id),
                        )
                        .with_help(format!(
                            "write `{{{{ {} }}}}` instead, so a change in `site.yml` reaches this page too",
                            fact.id
                        ))
                        .quoting(&page.text),
                    );
                }
            }
            _ => {}
        }
    }
    found
}

/// Where `fact`'s value is typed in `text`, and as what: the value as written, or for
/// a phone number any run of its digits with spaces or dashes between them; never
/// glued to more digits (`12315` is not in `123150`).
fn typed_in<'t>(text: &'t str, fact: &crate::facts::Fact) -> Option<(usize, &'t str)> {
    // Most text holds none of the site's values: a look for the first character
    // (a byte scan) says so before a substring search is set up.
    let first = fact.value.chars().next()?;
    if text.contains(first) {
        if let Some(at) = find_whole(text, &fact.value) {
            return Some((at, &text[at..at + fact.value.len()]));
        }
    }
    if fact.kind != crate::facts::Kind::Phone || !text.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    let digits: String = fact.value.chars().filter(char::is_ascii_digit).collect();
    if digits.len() < 5 {
        return None;
    }
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        // Digits with spaces or dashes between them, as long as they spell the number.
        let mut spelled = String::new();
        let mut j = i;
        while j < bytes.len() && matches!(bytes[j], b'0'..=b'9' | b' ' | b'-') {
            if bytes[j].is_ascii_digit() {
                spelled.push(bytes[j] as char);
                if !digits.starts_with(&spelled) {
                    break;
                }
                let glued = bytes.get(j + 1).is_some_and(u8::is_ascii_digit);
                if spelled == digits && !glued {
                    return Some((i, &text[i..=j]));
                }
            }
            j += 1;
        }
        i += 1;
    }
    None
}

/// Where `value` stands in `text` not glued to more digits (so `12315` is not found
/// in `123150`), if it does.
fn find_whole(text: &str, value: &str) -> Option<usize> {
    let digit_edge = |c: Option<char>| c.is_some_and(|c| c.is_ascii_digit());
    let first_digit = value.starts_with(|c: char| c.is_ascii_digit());
    let last_digit = value.ends_with(|c: char| c.is_ascii_digit());
    let mut from = 0;
    while let Some(i) = text[from..].find(value) {
        let at = from + i;
        let before = text[..at].chars().next_back();
        let after = text[at + value.len()..].chars().next();
        let glued = (first_digit && digit_edge(before)) || (last_digit && digit_edge(after));
        if !glued {
            return Some(at);
        }
        from = at + value.len();
    }
    None
}

/// The pages `page` links to where a reader sees the link (source paths, itself left
/// out), in document order; `unseen` are the events no output page shows (footnotes
/// nothing shown cites, a channel's `##` heading). Every path asked of `links` goes to
/// `asked`, seen or not: a link the page never shows is still checked, so it is a link
/// the page depends on ([`LinkIndex::answers`]).
pub fn pages_linked(
    page: &Page,
    doc: &Document,
    unseen: &[std::ops::Range<usize>],
    links: &LinkIndex,
    asked: &mut Vec<(String, String)>,
) -> Vec<String> {
    let mut linked: Vec<String> = Vec::new();
    for (i, (event, _)) in doc.events.iter().enumerate() {
        let Event::Start(tag @ Tag::Link { dest_url, .. }) = event else {
            continue;
        };
        if super::facts::is_fact_tag(tag) {
            continue;
        }
        let crate::paths::Destination::Internal(path) =
            crate::paths::classify(dest_url, crate::paths::LinkKind::Link)
        else {
            continue;
        };
        asked.push((path.to_string(), page.output.clone()));
        if unseen.iter().any(|r| r.contains(&i)) {
            continue;
        }
        if let Some(rel) = links.page_of(&path, &page.rel) {
            if !linked.contains(&rel) {
                linked.push(rel);
            }
        }
    }
    linked
}

/// The advice for a page no other page links to, with the page's path, for every
/// page but the home page (everyone's way in): a reader reaches such a page only by
/// the menu or by search, and an author often meant to link it from where it helps.
/// Worked out before pages are made, while their text is held; given for the pages
/// nothing turned out to link to.
pub fn unlinked_advice<'a>(pages: impl Iterator<Item = &'a Page>) -> Vec<(String, Diagnostic)> {
    pages
        .filter(|p| p.rel != "index.md" && p.output != crate::paths::NOT_FOUND)
        .map(|p| {
            let (line, column) = key_place(p, "title");
            let advice = Diagnostic::warning(
                &p.source,
                line,
                column,
                format!("no other page links to `{}`", p.rel),
            )
            .quoting(&p.text)
            .with_help(format!(
                "readers find it only in the menu or by search; link to it where it helps, like `[{}]({})`",
                link_text(p.meta.title.trim()),
                link_destination(&p.rel)
            ));
            (p.rel.clone(), advice)
        })
        .collect()
}

/// Citations the parser left as text because nothing defines their name
/// (`[^name]`), each with its offset in the page text. Code is passed over, and so is
/// a citation written with a backslash (`\[^1]`), which asks for the text.
fn undefined_citations(page: &Page, doc: &Document) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut in_code = 0usize;
    // A run of text events: the parser may cut `[^x]` in pieces.
    let mut run: Option<(usize, String)> = None;
    let flush = |run: &mut Option<(usize, String)>, found: &mut Vec<(usize, String)>| {
        let Some((start, text)) = run.take() else {
            return;
        };
        let mut from = start;
        let mut rest = text.as_str();
        while let Some(i) = rest.find("[^") {
            let after = &rest[i + 2..];
            let Some(end) = after.find(']') else {
                break;
            };
            let name = &after[..end];
            rest = &after[end..];
            if name.is_empty() || name.contains(char::is_whitespace) || name.contains('[') {
                continue;
            }
            let written = format!("[^{name}]");
            let Some(at) = page.text.get(from..).and_then(|t| t.find(&written)) else {
                continue;
            };
            let at = from + at;
            from = at + written.len();
            if !page.text[..at].ends_with('\\') {
                found.push((at, name.to_string()));
            }
        }
    };
    for (event, offset) in &doc.events {
        match event {
            Event::Start(Tag::CodeBlock(_)) => in_code += 1,
            Event::End(TagEnd::CodeBlock) => in_code = in_code.saturating_sub(1),
            Event::Text(text) if in_code == 0 => {
                run.get_or_insert_with(|| (*offset, String::new()))
                    .1
                    .push_str(text);
                continue;
            }
            _ => {}
        }
        flush(&mut run, &mut found);
    }
    flush(&mut run, &mut found);
    found
}

/// `text` as the text of a Markdown link: what Markdown would read as markup is
/// escaped, so the link an author copies shows the title as it is.
fn link_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
    {
        if matches!(c, '\\' | '[' | ']' | '`' | '*' | '_' | '<') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// `path` as a Markdown link destination: in `<…>` when it holds a space or a
/// parenthesis.
fn link_destination(path: &str) -> String {
    if path.contains([' ', '(', ')', '<', '>']) {
        format!("<{}>", path.replace('<', "%3C").replace('>', "%3E"))
    } else {
        path.to_string()
    }
}

pub use crate::content::discover::days_since_epoch;

#[cfg(test)]
mod tests {
    use super::days_since_epoch;

    #[test]
    fn suggested_links_read_back_as_written() {
        assert_eq!(
            super::link_text("Folded [title]  with ] and `code`"),
            "Folded \\[title\\] with \\] and \\`code\\`"
        );
        assert_eq!(super::link_text("退款 *须知*"), "退款 \\*须知\\*");
        assert_eq!(super::link_destination("a b/c (1).md"), "<a b/c (1).md>");
        assert_eq!(super::link_destination("guide/app.md"), "guide/app.md");
    }

    #[test]
    fn dates_count_days_from_1970() {
        assert_eq!(days_since_epoch("1970-01-01"), Some(0));
        assert_eq!(days_since_epoch("2000-03-01"), Some(11_017));
        assert_eq!(days_since_epoch("2026-11-25"), Some(20_782));
    }
}
