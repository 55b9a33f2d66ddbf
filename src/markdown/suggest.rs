//! Ranking what a broken link could have meant: the ids of a page, or the pages and
//! files of the site, closest first.
//!
//! Closeness is the edit distance between the two names with case folded, divided by the
//! length of the longer one, so one wrong character weighs more in `#退款` than in
//! `#联系客服的电话`; ties go to the alphabetically first name. The order never depends on
//! the order the candidates come in, so every message built from it is the same on every
//! run.

use std::cmp::Ordering;

use crate::diagnostic::edit_distance;

/// How many names a list of choices shows before it says how many more there are.
pub const SHOWN: usize = 6;

/// `candidates` other than `word` itself, closest to `word` first (see the module
/// documentation), each once.
pub fn closest_first<'a>(word: &str, candidates: &[&'a str]) -> Vec<&'a str> {
    let folded = fold(word);
    let len = folded.chars().count();
    let mut scored: Vec<(usize, usize, &str)> = candidates
        .iter()
        .filter(|c| **c != word)
        .map(|c| {
            let other = fold(c);
            let longer = len.max(other.chars().count()).max(1);
            (edit_distance(&folded, &other), longer, *c)
        })
        .collect();
    scored.sort_by(|a, b| by_similarity(a, b).then_with(|| a.2.cmp(b.2)));
    scored.dedup_by(|a, b| a.2 == b.2);
    scored.into_iter().map(|(_, _, c)| c).collect()
}

/// Whether `candidate` is close enough to `word` to be offered as the one it meant: the
/// rule the front matter's "did you mean" uses (at most a third of the candidate's
/// characters wrong, and always up to two), with case folded.
pub fn is_near(word: &str, candidate: &str) -> bool {
    let candidate = fold(candidate);
    edit_distance(&fold(word), &candidate) <= (candidate.chars().count() / 3).max(2)
}

/// `items` as a sentence's list (`` `#a`, `#b` ``), at most `shown` of them, followed by
/// `, …and N more` when some were left out, so a list is never cut short silently.
pub fn listing(items: &[String], shown: usize) -> String {
    let mut out = items
        .iter()
        .take(shown)
        .map(|i| format!("`{i}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if items.len() > shown {
        out.push_str(&format!(", …and {} more", items.len() - shown));
    }
    out
}

/// Compares two `(distance, longer length)` pairs as the fractions they stand for,
/// without floating point.
fn by_similarity(a: &(usize, usize, &str), b: &(usize, usize, &str)) -> Ordering {
    (a.0 * b.1).cmp(&(b.0 * a.1))
}

fn fold(s: &str) -> String {
    s.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edit_distance_counts_characters() {
        assert_eq!(edit_distance("联系商店", "联系商家"), 1);
        assert_eq!(edit_distance("eligibilty", "eligibility"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("abc", "abc"), 0);
    }

    #[test]
    fn closest_come_first_by_normalized_distance() {
        let ids = ["退款", "联系客服", "联系商家", "how-to-file"];
        assert_eq!(
            closest_first("联系商店", &ids),
            ["联系商家", "联系客服", "how-to-file", "退款"]
        );
        // The same distance weighs less in a longer name.
        let names = ["abcx", "abcdefghix"];
        assert_eq!(closest_first("abcdefghij", &names), ["abcdefghix", "abcx"]);
        assert_eq!(closest_first("abcd", &names), ["abcx", "abcdefghix"]);
    }

    #[test]
    fn ties_go_alphabetically_whatever_the_input_order() {
        let mut names = ["ad.md", "ab.md", "ac.md", "zz.md"];
        let first = closest_first("ae.md", &names);
        assert_eq!(first, ["ab.md", "ac.md", "ad.md", "zz.md"]);
        names.reverse();
        assert_eq!(closest_first("ae.md", &names), first);
    }

    #[test]
    fn case_is_folded_and_the_word_itself_left_out() {
        let names = ["img/photo-rules.png", "img/Photo-Rules.png", "img/logo.png"];
        assert_eq!(
            closest_first("img/Photo-Rules.png", &names),
            ["img/photo-rules.png", "img/logo.png"]
        );
        assert_eq!(closest_first("a", &["b", "b"]), ["b"], "each once");
    }

    #[test]
    fn near_means_a_likely_typo() {
        assert!(is_near("eligibilty.md", "eligibility.md"));
        assert!(is_near("App", "app"));
        assert!(is_near("联系", "联系客服"));
        assert!(!is_near("shipping", "联系客服"));
        assert!(!is_near("step-9", "overview"));
    }

    #[test]
    fn listings_say_how_many_they_leave_out() {
        let items: Vec<String> = ["#a", "#b", "#c"].map(String::from).to_vec();
        assert_eq!(listing(&items, 3), "`#a`, `#b`, `#c`");
        assert_eq!(listing(&items, 2), "`#a`, `#b`, …and 1 more");
        assert_eq!(listing(&[], 2), "");
    }
}
