//! Synthetic books for benchmarks, generated deterministically: a Hugo-heavy one (front
//! matter, shortcodes, site links) and a plain-Markdown one with no Hugo markup at all.
#![allow(dead_code)]

use mdbook_preprocessor::PreprocessorContext;
use mdbook_preprocessor::book::{Book, BookItem, Chapter};
use mdbook_preprocessor::config::Config;
use std::path::PathBuf;

/// A small deterministic generator (64-bit LCG), so every run measures the same book.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "program",
    "manager",
    "milestone",
    "risk",
    "launch",
    "dependency",
    "team",
    "plan",
    "review",
    "status",
    "the",
    "a",
    "of",
    "to",
    "and",
    "with",
    "service",
    "migration",
    "rollout",
    "metric",
    "stakeholder",
    "decision",
    "escalation",
    "timeline",
    "estimate",
    "critical",
    "path",
    "owner",
];

const SECTIONS: usize = 20;

/// The benchmarks' chapter size in bytes: 2,000 chapters make about 40 MB.
pub const CHAPTER_SIZE: usize = 20_000;

fn sentence(rng: &mut Lcg, out: &mut String) {
    let n = 8 + rng.below(12);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(WORDS[rng.below(WORDS.len())]);
    }
    out.push_str(". ");
}

fn paragraph(rng: &mut Lcg, chapters_per_section: usize, out: &mut String) {
    for _ in 0..4 + rng.below(4) {
        sentence(rng, out);
    }
    match rng.below(6) {
        0 => out.push_str(&format!(
            "See [the plan](/sec{}/ch{}/#the-plan). ",
            rng.below(SECTIONS),
            rng.below(chapters_per_section)
        )),
        1 => out.push_str("Run `make release` first. "),
        2 => out.push_str(&format!(
            "Details in [this chapter]({{{{< relref \"/sec{}/ch{}.md\" >}}}}). ",
            rng.below(SECTIONS),
            rng.below(chapters_per_section)
        )),
        _ => {}
    }
    out.push_str("\n\n");
}

fn block(rng: &mut Lcg, chapters_per_section: usize, out: &mut String) {
    match rng.below(10) {
        0..=4 => paragraph(rng, chapters_per_section, out),
        5 => {
            out.push_str("## The plan\n\n");
            paragraph(rng, chapters_per_section, out);
        }
        6 => {
            out.push_str("```yaml\nservice: checkout\nversion: {{< param \"version\" >}}\nreplicas: 3\nsteps:\n  - build\n  - test\n  - deploy # {{</* not a shortcode */>}}\n```\n\n");
        }
        7 => {
            out.push_str("{{< alert title=\"Watch out\" color=\"warning\" >}}\n");
            paragraph(rng, chapters_per_section, out);
            out.push_str("{{< /alert >}}\n\n");
        }
        8 => {
            out.push_str("{{< details summary=\"Why does this matter?\" >}}\n");
            paragraph(rng, chapters_per_section, out);
            out.push_str("{{< /details >}}\n\n{{% notice style=\"tip\" %}}\nKeep it short.\n{{% /notice %}}\n\n");
        }
        _ => {
            out.push_str("- first item with **bold** text\n- second item\n- third item\n\n{{< tabs >}}\n{{< tab \"Email\" >}}\n");
            paragraph(rng, chapters_per_section, out);
            out.push_str(
                "{{< /tab >}}\n{{< tab \"Doc\" >}}\nShort.\n{{< /tab >}}\n{{< /tabs >}}\n\n",
            );
        }
    }
}

/// The chapter text: front matter then blocks up to about `size` bytes.
fn chapter_text(rng: &mut Lcg, title: &str, size: usize, chapters_per_section: usize) -> String {
    let mut out = String::with_capacity(size + 2048);
    out.push_str(&format!("---\ntitle: \"{title}\"\nweight: 10\nversion: \"1.2.3\"\n---\n\n{{{{< lead >}}}}\nAn introduction.\n{{{{< /lead >}}}}\n\n"));
    while out.len() < size {
        block(rng, chapters_per_section, &mut out);
    }
    out
}

/// A book of `chapters` chapters of about `chapter_size` bytes each, in 20 sections.
pub fn book(chapters: usize, chapter_size: usize) -> Book {
    let mut rng = Lcg(0x5eed);
    let per_section = chapters.div_ceil(SECTIONS);
    let mut items = Vec::new();
    let mut made = 0;
    for s in 0..SECTIONS {
        let path = PathBuf::from(format!("sec{s}/_index.md"));
        let mut section = Chapter::new(
            &format!("Section {s}"),
            chapter_text(&mut rng, "Section", 2_000, per_section),
            path,
            Vec::new(),
        );
        for c in 0..per_section {
            if made >= chapters {
                break;
            }
            let name = format!("Chapter {s}.{c}");
            let text = chapter_text(&mut rng, &name, chapter_size, per_section);
            let path = PathBuf::from(format!("sec{s}/ch{c}.md"));
            section.sub_items.push(BookItem::Chapter(Chapter::new(
                &name,
                text,
                path,
                vec![format!("Section {s}")],
            )));
            made += 1;
        }
        items.push(BookItem::Chapter(section));
    }
    Book::new_with_items(items)
}

/// One block of a plain mdBook chapter: prose with emphasis, code spans and in-page links,
/// plain headings, lists, quotes, tables and fenced Rust code (braces included).
fn plain_block(rng: &mut Lcg, out: &mut String) {
    let prose = |rng: &mut Lcg, out: &mut String| {
        for _ in 0..4 + rng.below(4) {
            sentence(rng, out);
        }
        match rng.below(5) {
            0 => out.push_str("This is **important** for the *next* step. "),
            1 => out.push_str("Call `plan.rollout()` once. "),
            2 => out.push_str("See [the plan](#the-plan) above. "),
            _ => {}
        }
        out.push_str("\n\n");
    };
    match rng.below(10) {
        0..=4 => prose(rng, out),
        5 => {
            out.push_str("## The plan\n\n");
            prose(rng, out);
        }
        6 => out.push_str(
            "```rust\nfn main() {\n    let plan = Plan::new(\"checkout\");\n    for step in plan.steps() {\n        step.run(3);\n    }\n}\n```\n\n",
        ),
        7 => {
            out.push_str("> Note: ");
            prose(rng, out);
        }
        8 => out.push_str(
            "| Step | Owner |\n|------|-------|\n| build | team |\n| deploy | owner |\n\n",
        ),
        _ => {
            out.push_str("- first item with **bold** text\n- second item\n\n1. build\n2. test\n\n");
            prose(rng, out);
        }
    }
}

/// A plain mdBook chapter of about `size` bytes: an H1, then blocks.
fn plain_chapter_text(rng: &mut Lcg, title: &str, size: usize) -> String {
    let mut out = String::with_capacity(size + 2048);
    out.push_str(&format!("# {title}\n\n"));
    while out.len() < size {
        plain_block(rng, &mut out);
    }
    out
}

/// A plain-Markdown book (no front matter, shortcodes or site links: nothing for
/// mdbook-hugo to do) of `chapters` chapters of about `chapter_size` bytes, in 20 sections.
pub fn plain_book(chapters: usize, chapter_size: usize) -> Book {
    let mut rng = Lcg(0x9a1e);
    let per_section = chapters.div_ceil(SECTIONS);
    let mut items = Vec::new();
    let mut made = 0;
    for s in 0..SECTIONS {
        let title = format!("Section {s}");
        let text = plain_chapter_text(&mut rng, &title, 2_000);
        let path = PathBuf::from(format!("sec{s}/intro.md"));
        let mut section = Chapter::new(&title, text, path, Vec::new());
        for c in 0..per_section {
            if made >= chapters {
                break;
            }
            let name = format!("Chapter {s} {c}");
            let text = plain_chapter_text(&mut rng, &name, chapter_size);
            let path = PathBuf::from(format!("sec{s}/ch{c}.md"));
            section.sub_items.push(BookItem::Chapter(Chapter::new(
                &name,
                text,
                path,
                vec![title.clone()],
            )));
            made += 1;
        }
        items.push(BookItem::Chapter(section));
    }
    Book::new_with_items(items)
}

/// mdBook's `[context, book]` payload for `book`.
pub fn payload(book: &Book) -> Vec<u8> {
    let mut config = Config::default();
    config.set("book.src", "src").unwrap();
    let ctx = PreprocessorContext::new(
        PathBuf::from("/nonexistent-bench-book"),
        config,
        "html".into(),
    );
    serde_json::to_vec(&(ctx, book)).unwrap()
}
