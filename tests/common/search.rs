//! Reading mdBook's built search index.
#![allow(dead_code)]

use std::path::Path;

/// One searchable document: its URL, title and body text.
#[derive(Debug, Clone)]
pub struct SearchDoc {
    pub url: String,
    pub title: String,
    pub body: String,
}

/// Every document of the `searchindex-*.js` mdBook wrote into `book_dir`.
pub fn search_docs(book_dir: &Path) -> Vec<SearchDoc> {
    let file = std::fs::read_dir(book_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with("searchindex") && name.ends_with(".js")
        })
        .expect("mdBook wrote a search index");
    let script = std::fs::read_to_string(file).unwrap();
    let start = script.find("JSON.parse('").expect("index script shape") + "JSON.parse('".len();
    let end = script.rfind("'));").expect("index script shape");
    let json = unescape_js_single_quoted(&script[start..end]);
    let index: serde_json::Value = serde_json::from_str(&json).expect("search index JSON");
    let urls = index["doc_urls"].as_array().unwrap();
    let docs = index["index"]["documentStore"]["docs"].as_object().unwrap();
    docs.iter()
        .map(|(id, doc)| SearchDoc {
            url: urls[id.parse::<usize>().unwrap()]
                .as_str()
                .unwrap()
                .to_string(),
            title: doc["title"].as_str().unwrap_or_default().to_string(),
            body: doc["body"].as_str().unwrap_or_default().to_string(),
        })
        .collect()
}

fn unescape_js_single_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(next) = chars.next() {
                out.push(next);
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The URLs of the documents whose body or title contains `word` (case-insensitive).
pub fn urls_containing(docs: &[SearchDoc], word: &str) -> Vec<String> {
    let word = word.to_lowercase();
    docs.iter()
        .filter(|d| d.body.to_lowercase().contains(&word) || d.title.to_lowercase().contains(&word))
        .map(|d| d.url.clone())
        .collect()
}
