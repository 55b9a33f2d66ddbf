//! A hostile author's site in a real browser: payloads in every field and every link
//! form that builds. Every page is loaded over `file://`, every link clicked, a search
//! run that hits the payloads; no dialog may open and no element may be injected. The
//! same site served with a strict Content-Security-Policy shows no violation.

use std::path::{Path, PathBuf};

use serde_json::{json, Value};

use super::server::StaticServer;
use super::{chromium, file_url, Session};
use crate::common::TestSite;

const XSS: &str = "<script>alert(1)</script><img src=x onerror=alert(2)>\"'><svg onload=alert(3)>";

/// A site whose every field carries markup, quotes, template syntax or scheme tricks.
pub fn hostile_site() -> TestSite {
    let x = XSS;
    TestSite::empty()
        .with(
            "site.yml",
            // A fact whose value, source and note are markup: shown as text wherever
            // it is used, in its provenance card and on the facts page.
            &format!("title: '</title>{q}'\ndescription: '\" onmouseover=\"alert(4)'\nbase_url: https://example.org/x/\n\
                      facts:\n  evil: {{value: '{q}', source: '{q}', note: '{q}'}}\n  evil_url: {{value: 'https://example.org/?q=\"><script>alert(8)</script>', kind: url, source: 'javascript:alert(9)'}}\n",
                q = x.replace('\'', "''")),
        )
        .with(
            "content/index.md",
            &format!(
                "---\ntitle: \"\\\\{{{{ 7*7 }}}} <b>首页</b> {{{{ evil }}}}\"\ndescription: '{}'\n---\n{x}\n\n事实：{{{{ evil }}}}，{{{{ evil_url }}}}，[链接里的 {{{{ evil }}}}](ch.md)，\\{{{{ 7*7 }}}}。\n\n<a href=\"javascript:alert(5)\">raw</a>\n\n\
                 - [奇怪的文件名](a%20b%23c%3Fd%25e.md)\n- [冒号](<./javascript:alert(1).md>)\n- [渠道](ch.md#app)\n- [第二步](ch.md#打开网页)\n\
                 - <help@example.org>\n- [电话](tel:9510211)\n- [外链](https://example.org/?q=\"><script>alert(6)</script>)\n\
                 - [文件片段](files/x.pdf#page=2)\n\n正文[^n]。\n\n[^n]: 注释 {x}\n\n## </h2><script>alert(7)</script> {{#top-x}}\n\n| a | b |\n|---|---|\n| {x} | `{x}` |\n",
                x.replace('\'', "''")
            ),
        )
        .with("content/files/x.pdf", "%PDF-1.4 not really\n")
        .with(
            "content/a b#c?d%e.md",
            "---\ntitle: \"{% raw %}\\\\{{ x }}{% endraw %} 名字奇怪\"\n---\n回到[首页](index.md)。\n",
        )
        .with(
            "content/javascript:alert(1).md",
            "---\ntitle: 'javascript:alert(1)'\n---\n[回去](index.md)\n",
        )
        .with(
            "content/ch.md",
            &format!(
                "---\ntitle: '渠道 {q}'\nchannels:\n  - id: app\n    name: '{q}'\n    summary: '{q}'\n    contact: 'javascript:alert(8)'\n    hours: '{q}'\n    time: '{q}'\n    needs: ['{q}', '</script><script>alert(9)</script>']\n  - id: web\n    name: 网页\n    contact: 'https://example.org/\"><script>alert(10)</script>'\n---\n\
                 介绍 {x}\n\n## APP {{#app}}\n\n频道介绍 {x}\n\n### 第一步 {x}\n\n</script><script>alert(11)</script> 正文[^s]\n\n### 打开网页 [链接](index.md)\n\n二[^s]\n\n\
                 ## 网页 {{#web}}\n\n### 打开网页\n\n三\n\n[^s]: 步骤注释 {x}\n",
                q = x.replace('\'', "''")
            ),
        )
}

/// Makes any dialog a console error (which [`Session::assert_clean`] reports), so a
/// payload that ran can never block the page or go unnoticed.
fn arm(session: &Session) {
    session.add_script_on_new_document(
        "for (const f of ['alert','confirm','prompt','print']) window[f] = function () { console.error('DIALOG ' + f); };\
         document.addEventListener('securitypolicyviolation', e => console.error('CSP ' + e.violatedDirective + ' ' + e.blockedURI));",
    );
}

/// Elements or attributes no content may have produced on the current page.
fn assert_nothing_injected(session: &Session, where_: &str) {
    let found = session.eval(
        "JSON.stringify([...document.querySelectorAll('*')].flatMap(e => {\
           const bad = [];\
           if (['IFRAME','OBJECT','EMBED','SVG','svg','BASE','FORM'].includes(e.tagName)) bad.push(e.tagName);\
           if (e.tagName === 'SCRIPT' && !(e.type === 'application/ld+json' || /\\/(assets\\/(waymark|waymark-search|waymark-scheme|waymark-offline|waymark-offline-list|waymark-offline-save|nav)\\.js|search\\/[^\\/]+\\.js)$/.test(e.src))) bad.push('script ' + e.src);\
           if (e.tagName === 'IMG' && e.getAttribute('src') === 'x') bad.push('img x');\
           for (const a of e.attributes) if (/^on/i.test(a.name)) bad.push(e.tagName + '@' + a.name);\
           return bad; }))",
    );
    let found: Vec<String> = serde_json::from_str(found.as_str().unwrap()).unwrap();
    assert!(found.is_empty(), "{where_}: injected {found:?}");
    let protocols = session.eval(
        "JSON.stringify([...new Set([...document.querySelectorAll('a[href], [src]')].map(a => (a.href || a.src).split(':')[0]))])",
    );
    let protocols: Vec<String> = serde_json::from_str(protocols.as_str().unwrap()).unwrap();
    for p in &protocols {
        assert!(
            ["file", "http", "https", "mailto", "tel"].contains(&p.as_str()),
            "{where_}: a link uses `{p}:`"
        );
    }
}

fn html_pages(public: &Path) -> Vec<String> {
    let mut pages: Vec<String> = crate::common::snapshot(public)
        .into_keys()
        .filter(|k| k.ends_with(".html"))
        .collect();
    pages.sort();
    pages
}

/// Clicks link `i` of the page at `url` (whose resolved address is `target`) and waits
/// for where it leads.
fn click(session: &Session, url: &str, i: usize, target: &str) {
    let document = |u: &str| u.split('#').next().unwrap_or_default().to_string();
    if document(&session.url()) != document(url) {
        session.open(url);
    }
    let menu = session.eval(&format!(
        "document.querySelectorAll('a[href]')[{i}].matches('.menu-link[href=\"#sidebar\"]')"
    ));
    if menu == Value::Bool(true) {
        session.eval(&format!(
            "document.querySelectorAll('a[href]')[{i}].click()"
        ));
        // With script the menu opens the navigation panel in place instead.
        session.wait_for(
            "document.body.classList.contains('nav-open')",
            "the menu panel",
        );
        session.tab.press_key("Escape").expect("Escape");
        return;
    }
    // A link to a fragment of this page scrolls; any other link, even one to this very
    // page, loads a document.
    if document(target) == document(url) && target.contains('#') {
        session.eval(&format!(
            "document.querySelectorAll('a[href]')[{i}].click()"
        ));
        session.wait_for(
            &format!("location.href === {}", json!(target)),
            "the fragment",
        );
    } else {
        session.follow_link(i);
        assert_eq!(
            session.url().split('#').next(),
            target.split('#').next(),
            "link {i} of {url}"
        );
    }
}

fn publish(site: &TestSite) -> PathBuf {
    let built = site
        .build_with(false, true)
        .unwrap_or_else(|e| panic!("{e}"));
    let out = site.root().join("public");
    built.write(site.root(), &out).expect("write");
    out
}

#[test]
fn a_hostile_site_runs_no_script_from_content() {
    let Some(chrome) = chromium("a_hostile_site_runs_no_script_from_content") else {
        return;
    };
    let site = hostile_site();
    let public = publish(&site);
    let session = chrome.session();
    arm(&session);
    let pages = html_pages(&public);
    assert!(pages.len() >= 7, "{pages:?}");
    assert!(pages.contains(&"javascript:alert(1).html".to_string()));
    // Every link of every page is checked where it stands; each distinct address a
    // link leads to inside the site is also followed once, by a real click.
    let mut followed = std::collections::HashSet::new();
    for page in pages.iter().filter(|p| *p != "404.html") {
        let url = file_url(
            &public,
            &page
                .split('/')
                .map(waymark::paths::encode_segment)
                .collect::<Vec<_>>()
                .join("/"),
        );
        session.open(&url);
        assert_nothing_injected(&session, page);
        let targets = session
            .eval("JSON.stringify([...document.querySelectorAll('a[href]')].map(a => a.href))");
        let targets: Vec<String> = serde_json::from_str(targets.as_str().unwrap()).unwrap();
        for (i, target) in targets.iter().enumerate() {
            let page_link = target
                .split('#')
                .next()
                .is_some_and(|t| t.ends_with(".html"));
            if !target.starts_with("file:") || !page_link || !followed.insert(target.clone()) {
                continue;
            }

            click(&session, &url, i, target);
            assert_nothing_injected(&session, &format!("{page}, after following {target}"));
        }
    }
    assert!(
        followed.len() >= 20,
        "only {} addresses followed",
        followed.len()
    );
    session.open(&file_url(&public, "index.html"));
    let pdf = session.eval("[...document.querySelectorAll('a')].some(a => a.getAttribute('href') === 'files/x.pdf#page=2')");
    assert_eq!(pdf, Value::Bool(true), "a fragment on a file link is kept");
    super::search::type_query(&session, "alert");
    let results = session.eval("document.querySelectorAll('#search-results a').length");
    assert!(
        results.as_u64().unwrap() >= 3,
        "the payloads are found: {results}"
    );
    let shown = session.eval("document.getElementById('search-results').textContent");
    assert!(
        shown.as_str().unwrap().contains("<script>"),
        "payloads shown as text"
    );
    assert_nothing_injected(&session, "search results");
    session.tab.press_key("Enter").unwrap();
    session.wait_for(
        "document.readyState === 'complete' && document.querySelector('mark.search-hit')",
        "the landing page",
    );
    assert_nothing_injected(&session, "search landing");
    session.assert_clean(&["file://", "data:"]);
}

#[test]
fn a_strict_content_security_policy_is_never_violated() {
    let Some(chrome) = chromium("a_strict_content_security_policy_is_never_violated") else {
        return;
    };
    let site = hostile_site();
    let public = publish(&site);
    let policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; \
                  base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
    let server = StaticServer::start_with(&public, &[("Content-Security-Policy", policy)]);
    let session = chrome.session();
    arm(&session);
    // 404.html loads its assets from `base_url`, as a host serves it at any path.
    for page in html_pages(&public).into_iter().filter(|p| p != "404.html") {
        let path: Vec<String> = page
            .split('/')
            .map(waymark::paths::encode_segment)
            .collect();
        session.open(&format!("{}{}", server.base, path.join("/")));
        session.wait_for("document.readyState === 'complete'", "the page");
        assert_eq!(
            session.eval("document.documentElement.dataset.waymark"),
            Value::from("ready"),
            "{page}: the script ran under the policy"
        );
    }
    session.open(&format!("{}ch/app.html", server.base));
    session.wait_for(
        "document.querySelector('.step-check input')",
        "the step checkboxes",
    );
    session.eval("document.querySelector('.step-check input').click()");
    session.wait_for("document.querySelector('.step.is-done')", "a ticked step");
    super::search::type_query(&session, "alert");
    session.assert_clean(&[&server.base]);
}
