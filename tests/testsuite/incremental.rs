//! Builds that rewrite only what changed: after any sequence of edits, each followed
//! by a build into the same output folder (which reuses the site before last, see
//! `output::spare`), the output is byte for byte what a fresh build of the same
//! sources makes, with no file or folder more. Hand damage to the kept copy or its
//! ledger is among the edits: it may only cost speed.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use waymark::BuildOptions;

use crate::common::{snapshot, TestSite};

fn options(root: &Path) -> BuildOptions {
    BuildOptions {
        root: root.to_path_buf(),
        minify: true,
        ..Default::default()
    }
}

/// What `waymark build` does: stage (reusing the spare), build into it, publish.
fn build_into(root: &Path, out: &Path) -> Result<(), String> {
    let staged = waymark::output::Output::open(root, out)
        .and_then(|o| o.stage())
        .map_err(|e| format!("{e:#}"))?;
    waymark::build_into(&options(root), staged.sink()).map_err(|e| e.to_string())?;
    staged.publish().map_err(|e| format!("{e:#}"))
}

/// Every folder under `dir`, relative.
fn folders(dir: &Path) -> BTreeSet<String> {
    walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_dir())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect()
}

/// The folders the files of a site need.
fn needed(files: &BTreeMap<String, Vec<u8>>) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for path in files.keys() {
        let mut p = Path::new(path).parent();
        while let Some(dir) = p.filter(|d| !d.as_os_str().is_empty()) {
            out.insert(dir.to_string_lossy().into_owned());
            p = dir.parent();
        }
    }
    out
}

/// The site's Markdown pages, sorted, relative to its root.
fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages: Vec<PathBuf> = walkdir::WalkDir::new(root.join("content"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_path_buf())
        .collect();
    pages.sort();
    pages
}

/// One edit of the sources, or of what the last builds left beside the output.
#[derive(Debug, Clone)]
enum Edit {
    Body(usize, u32),
    Title(usize, u32),
    FrontMatter(usize, u32),
    Add(u32),
    Delete(usize),
    Rename(usize, u32),
    Theme(u32),
    Settings(u32),
    DeleteSpare,
    DeleteLedger,
    DamageSpare(usize),
}

fn edit() -> impl Strategy<Value = Edit> {
    let n = 0usize..64;
    let v = 0u32..1000;
    prop_oneof![
        3 => (n.clone(), v.clone()).prop_map(|(a, b)| Edit::Body(a, b)),
        2 => (n.clone(), v.clone()).prop_map(|(a, b)| Edit::Title(a, b)),
        2 => (n.clone(), v.clone()).prop_map(|(a, b)| Edit::FrontMatter(a, b)),
        2 => v.clone().prop_map(Edit::Add),
        1 => n.clone().prop_map(Edit::Delete),
        1 => (n.clone(), v.clone()).prop_map(|(a, b)| Edit::Rename(a, b)),
        1 => v.clone().prop_map(Edit::Theme),
        1 => v.prop_map(Edit::Settings),
        1 => Just(Edit::DeleteSpare),
        1 => Just(Edit::DeleteLedger),
        1 => n.prop_map(Edit::DamageSpare),
    ]
}

impl Edit {
    fn apply(&self, root: &Path) {
        let pages = pages(root);
        // Pages other than the section and home pages, which the others hang from.
        let leaves: Vec<&PathBuf> = pages.iter().filter(|p| !p.ends_with("index.md")).collect();
        let pick = |i: usize| root.join(&pages[i % pages.len()]);
        let edit_text = |path: &Path, f: &dyn Fn(&str) -> String| {
            let text = fs::read_to_string(path).unwrap();
            fs::write(path, f(&text)).unwrap();
        };
        match *self {
            Edit::Body(i, v) => {
                edit_text(&pick(i), &|t| format!("{t}\n\n新的段落 {v}，更多说明。\n"))
            }
            Edit::Title(i, v) => edit_text(&pick(i), &|t| {
                t.replacen("title: ", &format!("title: 改 {v} "), 1)
            }),
            // The page's place among its siblings.
            Edit::FrontMatter(i, v) => edit_text(&pick(i), &|t| {
                let kept: Vec<&str> = t
                    .split('\n')
                    .filter(|l| !l.starts_with("order: "))
                    .collect();
                kept.join("\n")
                    .replacen("---\n", &format!("---\norder: {v}\n"), 1)
            }),
            Edit::Add(v) => {
                let folder = pages[v as usize % pages.len()]
                    .parent()
                    .unwrap()
                    .to_path_buf();
                fs::write(
                    root.join(folder).join(format!("new{v}.md")),
                    format!(
                        "---\ntitle: 新页 {v}\n---\n新页的正文 {v}。\n\n## 小节 {v}\n\n内容。\n"
                    ),
                )
                .unwrap();
            }
            Edit::Delete(i) if !leaves.is_empty() => {
                fs::remove_file(root.join(leaves[i % leaves.len()])).unwrap();
            }
            Edit::Rename(i, v) if !leaves.is_empty() => {
                let from = root.join(leaves[i % leaves.len()]);
                let to = from.with_file_name(format!("moved{v}.md"));
                fs::rename(from, to).unwrap();
            }
            Edit::Delete(_) | Edit::Rename(..) => {}
            Edit::Theme(v) => {
                let css = Path::new(env!("CARGO_MANIFEST_DIR")).join("theme/static/waymark.css");
                let css = fs::read_to_string(css).unwrap();
                let path = root.join("theme/static/waymark.css");
                fs::create_dir_all(path.parent().unwrap()).unwrap();
                fs::write(path, format!("{css}\n.extra-{v} {{ color: red }}\n")).unwrap();
            }
            Edit::Settings(v) => edit_text(&root.join("site.yml"), &|t| {
                let rest = t.split_once('\n').unwrap().1;
                format!("title: 语料 {v}\n{rest}")
            }),
            Edit::DeleteSpare => {
                let _ = fs::remove_dir_all(root.join(".public.waymark-spare"));
            }
            Edit::DeleteLedger => {
                let _ = fs::remove_file(root.join(".public.waymark-ledger"));
            }
            Edit::DamageSpare(i) => {
                let spare = root.join(".public.waymark-spare");
                let files: Vec<PathBuf> = walkdir::WalkDir::new(&spare)
                    .sort_by_file_name()
                    .into_iter()
                    .filter_map(Result::ok)
                    .filter(|e| e.file_type().is_file())
                    .map(|e| e.into_path())
                    .collect();
                if !files.is_empty() {
                    let file = &files[i % files.len()];
                    // The same size, other bytes: only its content tells.
                    let len = fs::metadata(file).unwrap().len() as usize;
                    fs::write(file, vec![b'x'; len]).unwrap();
                }
            }
        }
    }
}

/// Builds into `public/` after every edit and compares with a fresh build.
fn check(site: &TestSite, edits: &[Edit]) -> Result<(), TestCaseError> {
    let root = site.root();
    let out = root.join("public");
    build_into(root, &out).map_err(TestCaseError::fail)?;
    for (n, edit) in edits.iter().enumerate() {
        edit.apply(root);
        let before = snapshot(&out);
        let fresh = waymark::build(&options(root));
        let built = build_into(root, &out);
        match fresh {
            Ok(fresh) => {
                prop_assert!(built.is_ok(), "after {:?}: {built:?}", &edits[..=n]);
                let mut now = snapshot(&out);
                prop_assert!(
                    now.remove(".waymark").is_some(),
                    "the output marker is there"
                );
                let (a, b): (BTreeSet<_>, BTreeSet<_>) =
                    (now.keys().collect(), fresh.files.keys().collect());
                prop_assert_eq!(a, b, "the same files after {:?}", &edits[..=n]);
                for (path, bytes) in &fresh.files {
                    prop_assert!(
                        now[path] == *bytes,
                        "`{path}` differs after {:?}",
                        &edits[..=n]
                    );
                }
                let mut want = needed(&fresh.files);
                let have = folders(&out);
                want.extend(have.iter().filter(|f| f.starts_with('.')).cloned());
                prop_assert_eq!(have, want, "the same folders after {:?}", &edits[..=n]);
            }
            Err(_) => {
                prop_assert!(
                    built.is_err(),
                    "after {:?}: a broken site was built",
                    &edits[..=n]
                );
                prop_assert!(
                    snapshot(&out) == before,
                    "a failed build changed the output"
                );
            }
        }
    }
    Ok(())
}

/// A six-page corpus from `seed`, edited and rebuilt `edits` times.
fn sequence(seed: u64, edits: &[Edit]) -> Result<(), TestCaseError> {
    let site = TestSite::empty();
    waymark_corpus::generate(site.root(), 6, seed).unwrap();
    check(&site, edits)
}

// 200 sequences in all, as two tests of 100 so the harness runs them side by side.
proptest! {
    #![proptest_config(ProptestConfig {
        cases: 100,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn edits_and_rebuilds_make_what_a_fresh_build_makes(
        seed in 0u64..1000,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        sequence(seed, &edits)?;
    }

    #[test]
    fn more_edits_and_rebuilds_make_what_a_fresh_build_makes(
        seed in 1000u64..2000,
        edits in prop::collection::vec(edit(), 1..6),
    ) {
        sequence(seed, &edits)?;
    }
}

/// A rebuild with nothing changed writes nothing: every file of the kept copy still
/// holds its bytes, so none is touched (their inodes and times stay).
#[test]
fn a_rebuild_with_nothing_changed_rewrites_no_file() {
    use std::os::unix::fs::MetadataExt as _;
    let site = TestSite::empty();
    waymark_corpus::generate(site.root(), 30, 3).unwrap();
    let out = site.root().join("public");
    // The first build writes everything; the second too (nothing kept yet); the
    // third finds the first's files beside the output.
    for _ in 0..2 {
        build_into(site.root(), &out).unwrap();
    }
    let spare = site.root().join(".public.waymark-spare");
    let stamp = |dir: &Path| -> BTreeMap<String, (u64, i64, i64)> {
        walkdir::WalkDir::new(dir)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file() && e.file_name() != ".waymark")
            .map(|e| {
                let m = e.metadata().unwrap();
                let rel = e
                    .path()
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned();
                (rel, (m.ino(), m.mtime(), m.mtime_nsec()))
            })
            .collect()
    };
    let before = stamp(&spare);
    assert!(before.len() > 40, "{} files", before.len());
    build_into(site.root(), &out).unwrap();
    assert_eq!(
        stamp(&out),
        before,
        "the kept copy became the output untouched"
    );
    // One page's text changed: only its own file, its search shards and the offline
    // list are written.
    let page = site.root().join(&pages(site.root())[3]);
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, format!("{text}\n独一无二的新句子。\n")).unwrap();
    let before = stamp(&spare);
    build_into(site.root(), &out).unwrap();
    let after = stamp(&out);
    let changed: Vec<&String> = after
        .iter()
        .filter(|(path, s)| before.get(*path) != Some(*s))
        .map(|(path, _)| path)
        .collect();
    assert!(
        !changed.is_empty() && changed.len() < 12,
        "{} of {} files written: {changed:?}",
        changed.len(),
        after.len()
    );
}

/// A generated site of `pages` pages built three times into its `public/`, so the
/// last build took over what the one before made.
fn built_thrice(pages: usize, seed: u64) -> (TestSite, PathBuf) {
    let site = TestSite::empty();
    waymark_corpus::generate(site.root(), pages, seed).unwrap();
    let out = site.root().join("public");
    for _ in 0..3 {
        build_into(site.root(), &out).unwrap();
    }
    (site, out)
}

/// Asserts that `out` holds what a fresh build of `root` makes; returns those files.
fn assert_fresh(root: &Path, out: &Path) -> BTreeMap<String, Vec<u8>> {
    let fresh = waymark::build(&options(root)).unwrap().files;
    let mut now = snapshot(out);
    now.remove(".waymark");
    assert!(now == fresh, "the output is a fresh build's");
    fresh
}

/// Marks every page of the record beside `out` with a lint naming its own file, so a
/// build's report tells the pages it took over (their advice comes from the record)
/// from those it made. (A real record only ever holds what a build made.) Returns how
/// many pages the record holds.
fn mark_record(root: &Path) -> usize {
    let record = root.join(".public.waymark-pages");
    let mut json: serde_json::Value = serde_json::from_slice(&fs::read(&record).unwrap()).unwrap();
    let recorded = json["pages"].as_object_mut().unwrap();
    for made in recorded.values_mut() {
        let own = made["files"][0][0].as_str().unwrap().to_string();
        made["kept"]["lints"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({
                "level": "Warning", "file": "content/probe.md", "line": 1, "column": 1,
                "message": format!("taken over: {own}"), "help": null, "source_line": null
            }));
    }
    let count = recorded.len();
    fs::write(&record, serde_json::to_vec(&json).unwrap()).unwrap();
    count
}

/// Builds into `out` through the staging folder, as `waymark build` does; returns the
/// report.
fn staged_build(root: &Path, out: &Path) -> waymark::Report {
    let staged = waymark::output::Output::open(root, out)
        .unwrap()
        .stage()
        .unwrap();
    let report = waymark::build_into(&options(root), staged.sink()).unwrap();
    staged.publish().unwrap();
    report
}

/// Builds into `out` ([`staged_build`]); returns the output files of the pages taken
/// over from a record marked by [`mark_record`].
fn build_taking_over(root: &Path, out: &Path) -> BTreeSet<String> {
    staged_build(root, out)
        .lints
        .iter()
        .filter_map(|d| d.message.strip_prefix("taken over: "))
        .map(str::to_string)
        .collect()
}

/// The search index's record of analysed text only ever saves time: damaged (cut
/// short, bytes flipped, keys swapped between entries, emptied), the next build after
/// an edit still writes what a fresh build does.
#[test]
fn a_damaged_search_record_only_costs_time() {
    fn halved(e: &[u8]) -> Vec<u8> {
        e[..e.len() / 2].to_vec()
    }
    fn flipped(e: &[u8]) -> Vec<u8> {
        let flip = |(i, b): (usize, &u8)| if i % 7 == 3 { b ^ 0x55 } else { *b };
        e.iter().enumerate().map(flip).collect()
    }
    /// The first entry's key on the second's payload, and the other way round.
    fn swapped(e: &[u8]) -> Vec<u8> {
        let mut swapped = e.to_vec();
        let second = 28 + u32::from_le_bytes(e[16..20].try_into().unwrap()) as usize;
        if second + 16 <= e.len() {
            swapped[..16].copy_from_slice(&e[second..second + 16]);
            swapped[second..second + 16].copy_from_slice(&e[..16]);
        }
        swapped
    }
    fn emptied(_: &[u8]) -> Vec<u8> {
        Vec::new()
    }
    let (site, out) = built_thrice(30, 4);
    let record = site.root().join(".public.waymark-pages.search");
    let whole = fs::read(&record).unwrap();
    assert!(
        whole.starts_with(b"waymark search record "),
        "the record is written"
    );
    let header = whole.iter().position(|b| *b == b'\n').unwrap() + 1;
    let entries = &whole[header..];
    assert!(entries.len() > 100, "{} bytes of entries", entries.len());
    type Damage = fn(&[u8]) -> Vec<u8>;
    let damages: [Damage; 4] = [halved, flipped, swapped, emptied];
    let page = site.root().join(&pages(site.root())[3]);
    for (n, damage) in damages.iter().enumerate() {
        let mut damaged = whole[..header].to_vec();
        damaged.extend(damage(entries));
        fs::write(&record, damaged).unwrap();
        let text = fs::read_to_string(&page).unwrap();
        fs::write(&page, format!("{text}\n第 {n} 次改动的退款说明。\n")).unwrap();
        build_into(site.root(), &out).unwrap();
        assert_fresh(site.root(), &out);
    }
}

/// A page whose key and files are unchanged is taken over from the record of the last
/// build, not made again: what the record says of it is what the build reports.
#[test]
fn unchanged_pages_are_taken_over_from_the_record() {
    let (site, out) = built_thrice(12, 5);
    let count = mark_record(site.root());
    assert!(count >= 12, "{count} pages recorded");
    let taken = build_taking_over(site.root(), &out);
    assert_eq!(taken.len(), count, "every page is taken over");
    // A page whose text changes is made again: its own advice, not the record's.
    let page = site.root().join(&pages(site.root())[2]);
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, format!("{text}\n新的一句。\n")).unwrap();
    build_into(site.root(), &out).unwrap();
    assert_fresh(site.root(), &out);
}

/// A new title is made again into exactly the pages that show it (its own, and those
/// whose navigation, breadcrumbs or pager name it); every other page is taken over,
/// and the output is a fresh build's.
#[test]
fn a_title_edit_remakes_only_the_pages_that_show_it() {
    // Three sections of a hundred pages: a page's sidebar lists its section's pages.
    let (site, out) = built_thrice(300, 7);
    let count = mark_record(site.root());
    // A page of a section, not a section's own (whose title every sidebar shows).
    let leaves: Vec<PathBuf> = pages(site.root())
        .into_iter()
        .filter(|p| !p.ends_with("index.md"))
        .collect();
    let page = site.root().join(&leaves[leaves.len() / 2]);
    let text = fs::read_to_string(&page).unwrap();
    fs::write(&page, text.replacen("title: ", "title: 换了的标题 ", 1)).unwrap();
    let taken = build_taking_over(site.root(), &out);
    let fresh = assert_fresh(site.root(), &out);
    let showing: BTreeSet<String> = fresh
        .iter()
        .filter(|(path, bytes)| {
            path.ends_with(".html")
                && String::from_utf8_lossy(bytes).contains("换了的标题")
                && taken.contains(*path)
        })
        .map(|(path, _)| path.clone())
        .collect();
    assert!(
        showing.is_empty(),
        "taken over though they show the title: {showing:?}"
    );
    let remade = count - taken.len();
    assert!(
        remade >= 2 && remade <= count / 2,
        "{remade} of {count} pages made again"
    );
}

/// A page taken over keeps the advice it was made with, so everything that advice
/// reads of other pages must be part of what is checked: here a link to an output path
/// that passes from one page to another, written later. (A link in a footnote nothing
/// cites is checked but leads no reader anywhere, so it does not count.)
#[test]
fn advice_about_a_link_follows_the_page_it_lands_on() {
    let site = TestSite::empty();
    site.write("site.yml", "title: 脚注\nlanguage: zh-CN\n");
    // The page and the ones it links to lie in two folders (the second sorted after
    // the first), so the new page is in no navigation the linking page shows.
    site.write(
        "content/index.md",
        "---\ntitle: 首页\n---\n见 [甲](b/a.md)。\n",
    );
    site.write("content/b/index.md", "---\ntitle: 乙部\n---\n乙部。\n");
    site.write("content/d/index.md", "---\ntitle: 戊部\n---\n戊部。\n");
    site.write(
        "content/d/y.md",
        "---\ntitle: 丙\nslug: x\n---\n先占着 x.html。\n",
    );
    site.write(
        "content/b/a.md",
        "---\ntitle: 甲\n---\n正文，见[乙](../d/x.html)。\n\n[^2]: 一条没人引用的脚注：[乙](../d/x.html)\n",
    );
    let out = site.root().join("public");
    for _ in 0..3 {
        build_into(site.root(), &out).unwrap();
    }
    site.write("content/d/y.md", "---\ntitle: 丙\n---\n让出 x.html。\n");
    site.write("content/d/x.md", "---\ntitle: 乙\n---\n新页面。\n");
    let report = staged_build(site.root(), &out);
    let fresh = waymark::build(&options(site.root())).unwrap();
    let messages = |lints: &[waymark::Diagnostic]| -> Vec<String> {
        lints.iter().map(|d| d.render(false)).collect()
    };
    assert_eq!(messages(&report.lints), messages(&fresh.lints));
    assert!(
        messages(&fresh.lints)
            .iter()
            .any(|m| m.contains("no other page links to `d/y.md`")),
        "the page that gave up the path is linked from nowhere now"
    );
    assert!(
        !messages(&fresh.lints)
            .iter()
            .any(|m| m.contains("no other page links to `d/x.md`")),
        "the new page is linked"
    );
    assert_fresh(site.root(), &out);
}
