//! A deterministic generator of large Waymark sites, for the benchmarks
//! (`benches/search.rs`, `bench/compare.sh`) and the kill-safety tests.
//!
//! `waymark-corpus --pages N --seed S --out DIR` writes a site of N pages of 4–6 KB:
//! about 60% Chinese and 40% English prose with headings, lists, tables, code and
//! links between pages, one page in ten a channel chapter. The same N and S always
//! give the same bytes, so measurements can be repeated and compared.
//!
//! It lives outside the `waymark` library: it only writes Markdown files, and a site
//! generator has no business shipping a benchmark fixture. That the corpus builds is
//! checked where Waymark is at hand: `tests/testsuite/safety.rs` builds it every time.

use std::fmt::Write as _;
use std::fs;
use std::path::Path;

/// Pages per folder.
const PAGES_PER_FOLDER: usize = 100;

/// A small, fast, seedable generator (SplitMix64): enough for varied text, and the
/// same everywhere, unlike a library's default generator.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n`.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    /// One element of `items`.
    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const ZH: &[&str] = &[
    "投诉",
    "商家",
    "订单",
    "客服",
    "退款",
    "物流",
    "快递",
    "售后",
    "商品",
    "质量",
    "发票",
    "凭证",
    "截图",
    "平台",
    "消费者",
    "权益",
    "维权",
    "申请",
    "处理",
    "进度",
    "回复",
    "电话",
    "热线",
    "人工",
    "工作日",
    "时间",
    "地址",
    "账号",
    "登录",
    "注册",
    "页面",
    "按钮",
    "点击",
    "选择",
    "填写",
    "提交",
    "上传",
    "照片",
    "视频",
    "聊天记录",
    "问题",
    "描述",
    "原因",
    "证据",
    "核实",
    "赔偿",
    "补发",
    "换货",
    "退货",
    "包装",
    "破损",
    "延迟",
    "签收",
    "拒收",
    "运费",
    "优惠券",
    "价格",
    "保修",
    "说明书",
    "型号",
    "颜色",
    "尺码",
    "库存",
    "预售",
    "定金",
    "尾款",
    "会员",
    "积分",
    "活动",
    "规则",
    "协议",
    "隐私",
    "安全",
    "验证码",
    "手机号",
    "邮箱",
    "银行卡",
    "支付",
    "余额",
    "到账",
    "审核",
    "结果",
    "通知",
    "短信",
    "提醒",
    "设置",
    "帮助",
    "中心",
    "常见",
    "方法",
    "步骤",
    "注意",
    "事项",
    "建议",
    "流程",
    "渠道",
    "网站",
    "应用",
    "版本",
    "更新",
    "下载",
    "安装",
    "打开",
    "进入",
    "我们",
    "你的",
    "可以",
    "需要",
    "如果",
    "然后",
    "已经",
    "没有",
    "这个",
    "那些",
    "以及",
    "或者",
    "因为",
    "所以",
    "但是",
    "同时",
    "一般",
    "尽快",
    "耐心",
    "清楚",
    "详细",
    "准确",
    "及时",
    "保留",
    "联系",
    "沟通",
];

const EN: &[&str] = &[
    "order",
    "refund",
    "seller",
    "delivery",
    "parcel",
    "receipt",
    "invoice",
    "support",
    "ticket",
    "status",
    "account",
    "login",
    "password",
    "screen",
    "button",
    "select",
    "submit",
    "upload",
    "photo",
    "evidence",
    "complaint",
    "platform",
    "service",
    "hotline",
    "number",
    "hours",
    "weekday",
    "morning",
    "afternoon",
    "return",
    "exchange",
    "warranty",
    "damaged",
    "missing",
    "late",
    "package",
    "address",
    "payment",
    "card",
    "balance",
    "review",
    "result",
    "notice",
    "message",
    "reminder",
    "setting",
    "help",
    "center",
    "common",
    "method",
    "step",
    "note",
    "advice",
    "process",
    "channel",
    "website",
    "application",
    "version",
    "update",
    "download",
    "install",
    "open",
    "enter",
    "the",
    "a",
    "to",
    "and",
    "of",
    "in",
    "for",
    "with",
    "your",
    "you",
    "can",
    "should",
    "will",
    "when",
    "then",
    "before",
    "after",
    "please",
    "check",
    "keep",
    "contact",
    "reply",
    "quickly",
    "clearly",
    "carefully",
    "details",
    "reason",
    "problem",
    "describe",
    "attach",
    "confirm",
    "wait",
];

/// The corpus's facts (`site.yml` `facts:`), of every kind; pages use them by
/// [`fact_use`], so search, rendering and the facts page carry them at scale.
const FACTS: &str = concat!(
    "facts:\n",
    "  hotline: {value: \"9510211\", kind: phone, source: 基准语料, checked: 2026-11-20}\n",
    "  hours: {value: 周一至周五 8:30–12:00、14:00–17:30, kind: hours, source: 基准语料}\n",
    "  portal: {value: \"https://example.org/complaints\", kind: url, source: 基准语料}\n",
    "  mailbox: {value: help@example.org, kind: email}\n",
    "  platform: {value: 全国12315平台, source: 基准语料}\n",
);

/// A sentence using one of [`FACTS`] for page `p` (one page in three has none). Made
/// from `p` alone, so the rest of the corpus is the same whatever facts it holds.
fn fact_use(p: usize) -> &'static str {
    match p % 6 {
        0 => "遇到问题请拨打 {{ hotline }}。",
        1 => "人工服务时间：{{ hours }}。",
        2 => "也可以在 {{ platform }} 上办，网址 {{portal}}，邮箱 {{ mailbox }}。",
        _ => "",
    }
}

/// Writes a corpus of `pages` pages into `out` (which must not exist or be empty).
pub fn generate(out: &Path, pages: usize, seed: u64) -> std::io::Result<()> {
    let mut rng = Rng::new(seed);
    fs::create_dir_all(out.join("content"))?;
    fs::write(
        out.join("site.yml"),
        format!("title: 基准语料 {pages}\nlanguage: zh-CN\n{FACTS}"),
    )?;
    let folders = pages.div_ceil(PAGES_PER_FOLDER).max(1);
    let mut home = String::from("---\ntitle: 基准语料首页\n---\n");
    for f in 0..folders {
        let _ = writeln!(home, "- [第 {f} 部分](s{f:03}/index.md)");
    }
    fs::write(out.join("content/index.md"), home)?;
    for f in 0..folders {
        let dir = out.join(format!("content/s{f:03}"));
        fs::create_dir_all(&dir)?;
        fs::write(
            dir.join("index.md"),
            format!(
                "---\ntitle: 第 {f} 部分 Part {f}\norder: {f}\n---\n{}\n",
                paragraph(&mut rng, 3)
            ),
        )?;
    }
    for p in 0..pages {
        let folder = p / PAGES_PER_FOLDER;
        let text = if p % 10 == 9 {
            channel_page(&mut rng, p, pages)
        } else {
            article(&mut rng, p, pages)
        };
        fs::write(out.join(format!("content/s{folder:03}/p{p:05}.md")), text)?;
    }
    Ok(())
}

fn sentence(rng: &mut Rng) -> String {
    if rng.below(10) < 6 {
        let n = 6 + rng.below(10);
        let mut s: String = (0..n).map(|_| rng.pick(ZH)).collect();
        s.push(if rng.below(4) == 0 { '；' } else { '。' });
        s
    } else {
        let n = 6 + rng.below(10);
        let words: Vec<&str> = (0..n).map(|_| rng.pick(EN)).collect();
        let mut s = words.join(" ");
        if let Some(first) = s.get_mut(0..1) {
            first.make_ascii_uppercase();
        }
        s.push_str(". ");
        s
    }
}

fn paragraph(rng: &mut Rng, sentences: usize) -> String {
    (0..sentences).map(|_| sentence(rng)).collect()
}

fn title(rng: &mut Rng) -> String {
    let n = 2 + rng.below(3);
    let zh: String = (0..n).map(|_| rng.pick(ZH)).collect();
    format!("{zh} {}", rng.pick(EN))
}

fn link(rng: &mut Rng, from: usize, pages: usize) -> String {
    let to = rng.below(pages);
    let target = format!("../s{:03}/p{to:05}.md", to / PAGES_PER_FOLDER);
    let _ = from;
    format!("[{}]({target})", rng.pick(ZH))
}

fn body_block(rng: &mut Rng, p: usize, pages: usize, out: &mut String) {
    match rng.below(6) {
        0 => {
            for _ in 0..3 + rng.below(3) {
                let _ = writeln!(out, "- {}", sentence(rng));
            }
            out.push('\n');
        }
        1 => {
            let _ = writeln!(
                out,
                "| {} | {} | {} |\n| --- | --- | --- |",
                rng.pick(ZH),
                rng.pick(EN),
                rng.pick(ZH)
            );
            for _ in 0..3 {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    rng.pick(ZH),
                    rng.below(1000),
                    rng.pick(EN)
                );
            }
            out.push('\n');
        }
        2 => {
            let _ = writeln!(
                out,
                "```text\n{} --{} {}\n```\n",
                rng.pick(EN),
                rng.pick(EN),
                rng.below(99999)
            );
        }
        _ => {
            let _ = writeln!(
                out,
                "{}{}{}\n",
                paragraph(rng, 2),
                link(rng, p, pages),
                paragraph(rng, 2)
            );
        }
    }
}

fn article(rng: &mut Rng, p: usize, pages: usize) -> String {
    let mut out = format!(
        "---\ntitle: {} {p}\norder: {}\n---\n{}{}\n\n",
        title(rng),
        p % PAGES_PER_FOLDER,
        paragraph(rng, 3),
        fact_use(p)
    );
    let target = 4000 + rng.below(2000);
    let mut h = 0;
    while out.len() < target {
        h += 1;
        let _ = writeln!(
            out,
            "## {} {{#h{h}}}\n\n{}\n",
            title(rng),
            paragraph(rng, 3)
        );
        body_block(rng, p, pages, &mut out);
        if rng.below(3) == 0 {
            let _ = writeln!(out, "### {}\n\n{}\n", title(rng), paragraph(rng, 2));
        }
    }
    out
}

fn channel_page(rng: &mut Rng, p: usize, pages: usize) -> String {
    let channels = 2 + rng.below(3);
    let mut out = format!(
        "---\ntitle: {} 渠道 {p}\norder: {}\nchannels:\n",
        title(rng),
        p % PAGES_PER_FOLDER
    );
    for c in 0..channels {
        let _ = writeln!(
            out,
            "  - id: c{c}\n    name: {}\n    summary: {}\n    contact: \"95{:05}\"\n    hours: 周一至周五 9:00–18:00",
            title(rng),
            rng.pick(ZH),
            rng.below(100_000)
        );
    }
    let _ = writeln!(out, "---\n{}\n", paragraph(rng, 2));
    let target = 4000 + rng.below(2000);
    let per_channel = target / channels;
    for c in 0..channels {
        let _ = writeln!(
            out,
            "## {} {{#c{c}}}\n\n{}\n",
            title(rng),
            paragraph(rng, 1)
        );
        let start = out.len();
        let mut s = 0;
        while out.len() - start < per_channel || s < 2 {
            s += 1;
            let _ = writeln!(
                out,
                "### {} {s}\n\n{}{}\n",
                title(rng),
                paragraph(rng, 2),
                if s == 1 { fact_use(p + c) } else { "" }
            );
            if rng.below(3) == 0 {
                body_block(rng, p, pages, &mut out);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_corpus() {
        let a = tempfile_dir("a");
        let b = tempfile_dir("b");
        generate(&a, 30, 7).unwrap();
        generate(&b, 30, 7).unwrap();
        let read = |d: &Path| fs::read_to_string(d.join("content/s000/p00009.md")).unwrap();
        assert_eq!(read(&a), read(&b));
        assert!(
            read(&a).contains("channels:"),
            "one page in ten is a channel chapter"
        );
        let size = fs::metadata(a.join("content/s000/p00003.md"))
            .unwrap()
            .len();
        assert!((4000..6500).contains(&size), "{size}");
        fs::remove_dir_all(a).unwrap();
        fs::remove_dir_all(b).unwrap();
    }

    fn tempfile_dir(name: &str) -> std::path::PathBuf {
        let dir =
            std::env::temp_dir().join(format!("waymark-corpus-test-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }
}
