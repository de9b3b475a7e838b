//! The site's source repository, from the params themes use for their "edit this page"
//! links, as mdBook's `git-repository-url` and `edit-url-template`.
//!
//! mdBook fills `{path}` of the template with the book's `src` folder and the chapter's
//! file (`content/docs/a.md`). The import names the book's `src` after the site's content
//! folder, so `{path}` is the page's path in the site's repository too.
//!
//! Read, first found wins:
//! - Docsy: `github_repo`, `github_branch` (default `main`), `github_subdir`;
//! - hugo-book: `BookRepo`, `BookEditPath` (`edit/main/exampleSite`);
//! - Doks: `docsRepo`, `docsRepoBranch`, `docsRepoSubPath`;
//! - Learn/Relearn: `editURL` (`https://github.com/o/r/edit/main/exampleSite/content/`);
//! - anything else: `repo`, `repository`, `github`, `gitRepo` (repository link only).

use serde_json::{Map, Value};

/// (`git-repository-url`, `edit-url-template`) for the site's params; `src` is the book's
/// source folder name.
pub fn links(params: &Map<String, Value>, src: &str) -> (Option<String>, Option<String>) {
    let get = |key: &str| {
        params
            .get(key)
            .and_then(Value::as_str)
            .map(|s| s.trim().trim_end_matches('/').to_string())
            .filter(|s| !s.is_empty())
    };
    // Docsy's and Doks' params: the repository, its branch and the content's folder in it.
    let on_branch = |repo_key: &str, branch_key: &str, subdir_key: &str| {
        let repo = get(repo_key)?;
        let branch = get(branch_key).unwrap_or_else(|| "main".into());
        let subdir = get(subdir_key).unwrap_or_default();
        let template = join(&[&repo, "edit", &branch, &subdir, "{path}"]);
        Some((Some(repo), Some(template)))
    };
    if let Some(found) = on_branch("github_repo", "github_branch", "github_subdir") {
        return found;
    }
    if let Some(repo) = get("bookrepo") {
        let template = get("bookeditpath").map(|edit| join(&[&repo, &edit, "{path}"]));
        return (Some(repo), template);
    }
    if let Some(found) = on_branch("docsrepo", "docsrepobranch", "docsreposubpath") {
        return found;
    }
    if let Some(edit) = get("editurl") {
        let repo = ["/edit/", "/blob/", "/tree/"]
            .iter()
            .find_map(|m| edit.split_once(m).map(|(repo, _)| repo.to_string()));
        let base = edit.strip_suffix(&format!("/{src}")).unwrap_or(&edit);
        return (repo, Some(join(&[base, "{path}"])));
    }
    let repo = ["repo", "repository", "github", "gitrepo"]
        .iter()
        .find_map(|k| get(k));
    (repo.filter(|r| r.starts_with("http")), None)
}

/// Joins URL parts with `/`, skipping empty ones.
fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim_matches('/'))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn params(json: &str) -> Map<String, Value> {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn each_themes_params_give_links() {
        let docsy =
            params(r#"{"github_repo": "https://github.com/o/r", "github_subdir": "userguide"}"#);
        assert_eq!(
            links(&docsy, "content"),
            (
                Some("https://github.com/o/r".into()),
                Some("https://github.com/o/r/edit/main/userguide/{path}".into())
            )
        );
        let book = params(
            r#"{"bookrepo": "https://github.com/o/b", "bookeditpath": "edit/main/exampleSite"}"#,
        );
        assert_eq!(
            links(&book, "content").1.as_deref(),
            Some("https://github.com/o/b/edit/main/exampleSite/{path}")
        );
        let learn =
            params(r#"{"editurl": "https://github.com/o/l/edit/main/exampleSite/content/"}"#);
        assert_eq!(
            links(&learn, "content"),
            (
                Some("https://github.com/o/l".into()),
                Some("https://github.com/o/l/edit/main/exampleSite/{path}".into())
            )
        );
        assert_eq!(links(&params("{}"), "content"), (None, None));
    }
}
