//! Docsy's `td/site-build-info/netlify`: the Netlify build's details as a table, read from
//! the environment variables Netlify sets for a build (`NETLIFY`, `BUILD_ID`, `DEPLOY_ID`,
//! `REVIEW_ID`, `PULL_REQUEST`, `CONTEXT`, `COMMIT_REF`, `BRANCH`), as Docsy's template
//! reads them when Hugo runs. A book built on Netlify shows its own build; elsewhere the
//! table says `Netlify built: false` and `Deploy context: local`, as Docsy's does for a
//! local build. The build's date (which Docsy shows only on Netlify) is not shown.

use crate::render::RenderContext;
use crate::render::params::{page_param, param_text};
use crate::render::safe::checked_url;
use crate::shortcode::Shortcode;

/// `td/site-build-info/netlify`: team (0 or `team`), repository URL (1 or `repoURL`,
/// default the param `github_repo`); a missing one is a warning, as in Docsy.
pub(crate) fn site_build_info(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let team = sc.params.text("team", 0).map(|t| t.into_owned());
    if team.is_none() {
        ctx.warn(at, format!("{}: parameter 0 ('team') is missing", sc.name));
    }
    let repo = sc
        .params
        .text("repoURL", 1)
        .map(|r| r.into_owned())
        .or_else(|| {
            page_param(
                &ctx.page().front_matter.fields,
                &ctx.config.params,
                "github_repo",
            )
            .map(|value| param_text(value).into_owned())
        });
    if repo.is_none() {
        ctx.warn(
            at,
            format!(
                "{}: parameter 1 ('repoURL') is missing and site param 'github_repo' is not defined",
                sc.name
            ),
        );
    }
    let repo = repo
        .and_then(|repo| checked_url(ctx, at, sc.name, "repoURL", &repo))
        .unwrap_or_default();
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    out.push_str(&build_table(
        &env,
        team.as_deref().unwrap_or_default(),
        repo.trim_end_matches('/'),
    ));
}

/// The table Docsy writes, from `env` (a variable's value, `None` when unset or empty).
pub(crate) fn build_table(env: &dyn Fn(&str) -> Option<String>, team: &str, repo: &str) -> String {
    let mut rows = vec![(
        "Netlify built".to_string(),
        format!(
            "`{}`",
            env("NETLIFY").unwrap_or_else(|| "false".to_string())
        ),
    )];
    if let Some(id) = env("BUILD_ID") {
        rows.push(("ID".to_string(), format!("`{id}`")));
    }
    if let Some(id) = env("DEPLOY_ID") {
        rows.push((
            "Deploy log".to_string(),
            format!("[{id}](https://app.netlify.com/teams/{team}/builds/{id})"),
        ));
    }
    if let Some(id) = env("REVIEW_ID") {
        let context = if env("PULL_REQUEST").is_some_and(|p| p != "false") {
            format!("[PR #{id}]({repo}/pull/{id})")
        } else {
            format!("merge `{id}`")
        };
        rows.push(("Build context".to_string(), context));
    }
    rows.push((
        "Deploy context".to_string(),
        env("CONTEXT").unwrap_or_else(|| "local".to_string()),
    ));
    if let Some(commit) = env("COMMIT_REF") {
        let short: String = commit.chars().take(7).collect();
        rows.push((
            "Commit".to_string(),
            format!("[@{short}]({repo}/commit/{commit})"),
        ));
    }
    if let Some(branch) = env("BRANCH") {
        rows.push(("Branch".to_string(), format!("`{branch}`")));
    }
    let mut table =
        String::from("Netlify build information:\n\n| Attribute | Value |\n|---|---|\n");
    for (attribute, value) in rows {
        table.push_str(&format!(
            "| {attribute} | {} |\n",
            value.replace('|', "\\|")
        ));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    #[test]
    fn a_local_build_says_so() {
        let table = build_table(&|_| None, "docsydocs", "https://github.com/google/docsy");
        assert_eq!(
            table,
            "Netlify build information:\n\n| Attribute | Value |\n|---|---|\n| Netlify built | `false` |\n| Deploy context | local |\n"
        );
    }

    #[test]
    fn a_netlify_pull_request_build_links_its_pieces() {
        let vars = HashMap::from([
            ("NETLIFY", "true"),
            ("BUILD_ID", "b1"),
            ("DEPLOY_ID", "d2"),
            ("REVIEW_ID", "42"),
            ("PULL_REQUEST", "true"),
            ("CONTEXT", "deploy-preview"),
            ("COMMIT_REF", "0123456789abcdef"),
            ("BRANCH", "fix|pipe"),
        ]);
        let env = |name: &str| vars.get(name).map(|v| v.to_string());
        let table = build_table(&env, "team", "https://github.com/o/r");
        for row in [
            "| Netlify built | `true` |",
            "| ID | `b1` |",
            "| Deploy log | [d2](https://app.netlify.com/teams/team/builds/d2) |",
            "| Build context | [PR #42](https://github.com/o/r/pull/42) |",
            "| Deploy context | deploy-preview |",
            "| Commit | [@0123456](https://github.com/o/r/commit/0123456789abcdef) |",
            "| Branch | `fix\\|pipe` |",
        ] {
            assert!(table.contains(row), "{row} in\n{table}");
        }
    }
}
