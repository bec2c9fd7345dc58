//! The page every HTML request gets while the content has errors: the same
//! messages as `munipub check`, readable in the browser, so that an editor
//! sees what to fix instead of a site that silently did not change.

use crate::render::html::markdown::escape;
use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics, Severity};

/// A whole HTML document (without the reload script); each problem with
/// its source line when it names one, read from the site at `root`.
pub fn render(diags: &Diagnostics, root: &Path) -> String {
    let mut sources = Sources {
        root,
        files: HashMap::new(),
    };
    let mut items = String::new();
    for d in diags.sorted() {
        let (class, kind) = match d.severity {
            Severity::Error => ("error", "錯誤"),
            Severity::Warning => ("warning", "警告"),
        };
        items.push_str(&format!(
            "<li class=\"{class}\">\n<p class=\"where\"><span class=\"kind\">{kind}</span> <code>{}</code></p>\n<p class=\"what\">{}</p>\n",
            escape(&d.location()),
            escape(&d.message)
        ));
        if let Some(line) = sources.excerpt(d) {
            items.push_str(&line);
        }
        if let Some(help) = &d.help {
            items.push_str(&format!("<p class=\"help\">建議：{}</p>\n", escape(help)));
        }
        items.push_str("</li>\n");
    }
    let summary = if diags.error_count() == 0 {
        // A failure without a content error: the output folder could not
        // be written, or similar; the list says which.
        "網站無法建置。".to_string()
    } else {
        format!(
            "內容有 {} 個錯誤{}，網站沒有更新。",
            diags.error_count(),
            match diags.warning_count() {
                0 => String::new(),
                n => format!("、{n} 個警告"),
            }
        )
    };
    format!(
        r#"<!DOCTYPE html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>網站建置失敗 | munipub 預覽</title>
<style>
body {{ margin: 0; background: #fdf6f6; color: #1a1a1a; font: 18px/1.7 "Noto Sans CJK TC", "Noto Sans TC", "Microsoft JhengHei", sans-serif; }}
main {{ max-width: 52rem; margin: 0 auto; padding: 2rem 1.25rem 3rem; }}
h1 {{ color: #a4000f; font-size: 1.8rem; margin: 0 0 .5rem; }}
ol {{ padding: 0; list-style: none; }}
li {{ background: #fff; border: 1px solid #e3c4c7; border-left: 6px solid #a4000f; border-radius: 4px; padding: .75rem 1rem; margin: 0 0 1rem; }}
li.warning {{ border-left-color: #8a5a00; }}
p {{ margin: .25rem 0; }}
.kind {{ display: inline-block; background: #a4000f; color: #fff; border-radius: 3px; padding: 0 .5em; font-size: .85em; }}
.warning .kind {{ background: #8a5a00; }}
code {{ font: .95em/1.5 ui-monospace, "Noto Sans Mono CJK TC", monospace; word-break: break-all; }}
.what {{ font-weight: bold; }}
.help {{ color: #333; }}
pre {{ background: #f6f6f6; border-radius: 3px; padding: .4rem .6rem; margin: .4rem 0; overflow-x: auto; font: 16px/1.5 ui-monospace, "Noto Sans Mono CJK TC", monospace; }}
.ln {{ color: #666; user-select: none; }}
mark {{ background: #ffd9dc; color: inherit; text-decoration: underline wavy #a4000f; }}
.note {{ color: #555; font-size: .9em; }}
</style>
</head>
<body>
<main>
<h1>網站建置失敗</h1>
<p>{summary}請依下列說明修正檔案並存檔；修正後這一頁會自動重新整理，回到網站。</p>
<ol>
{items}</ol>
<p class="note">位置的寫法是「檔案:行:欄」（從網站根目錄算起）。終端機裡也列出同樣的訊息，與 <code>munipub check</code> 相同。</p>
</main>
</body>
</html>
"#
    )
}

/// Source files read once per page.
struct Sources<'a> {
    root: &'a Path,
    files: HashMap<PathBuf, Option<String>>,
}

impl Sources<'_> {
    /// The problem's line, its column onwards marked: `<pre>3 │ category: <mark>人士</mark></pre>`.
    fn excerpt(&mut self, d: &Diagnostic) -> Option<String> {
        if d.line == 0
            || !d
                .file
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        {
            return None; // no line, or not a file of the site (`--base-url`)
        }
        let root = self.root;
        let text = self
            .files
            .entry(d.file.clone())
            .or_insert_with(|| std::fs::read_to_string(root.join(&d.file)).ok())
            .as_deref()?;
        let line = text.lines().nth(d.line - 1)?.trim_end_matches('\r');
        let line: String = line.chars().take(300).collect();
        let at = line
            .char_indices()
            .nth(d.column.saturating_sub(1))
            .map_or(line.len(), |(i, _)| i);
        let (before, from) = if d.column == 0 {
            (line.as_str(), "")
        } else {
            line.split_at(at)
        };
        let marked = if from.is_empty() {
            String::new()
        } else {
            format!("<mark>{}</mark>", escape(from))
        };
        Some(format!(
            "<pre><span class=\"ln\">{} │ </span>{}{marked}</pre>\n",
            d.line,
            escape(before)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diag::{Diagnostic, Pos};

    #[test]
    fn lists_every_problem_escaped_with_its_help() {
        let mut diags = Diagnostics::new();
        diags.push(
            Diagnostic::error(
                "content/gazette/2026-11-15/03-parking.md",
                "unknown category \"<script>法令\"",
            )
            .at(Pos::new(4, 11))
            .help("expected one of 法規, 令 & 公告"),
        );
        diags.push(Diagnostic::warning("content/pages/about.md", "empty page"));
        let root = std::env::temp_dir().join(format!("munipub-error-page-{}", std::process::id()));
        let dir = root.join("content/gazette/2026-11-15");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("03-parking.md"),
            "---\ntitle: 停車\ncategory: <script>法令\n",
        )
        .unwrap();
        diags.push(
            Diagnostic::error("content/gazette/2026-11-15/03-parking.md", "second")
                .at(Pos::new(3, 11)),
        );
        diags.push(Diagnostic::error("--base-url", "not a URL").at(Pos::new(1, 1)));
        let html = render(&diags, &root);
        std::fs::remove_dir_all(&root).unwrap();
        assert!(
            html.contains(
                "<pre><span class=\"ln\">3 │ </span>category: <mark>&lt;script&gt;法令</mark></pre>"
            ),
            "{html}"
        );
        assert_eq!(html.matches("<pre>").count(), 1, "only lines that exist");
        assert!(html.contains("<code>content/gazette/2026-11-15/03-parking.md:4:11</code>"));
        assert!(html.contains("unknown category &quot;&lt;script&gt;法令&quot;"));
        assert!(!html.contains("<script>法令"));
        assert!(html.contains("建議：expected one of 法規, 令 &amp; 公告"));
        assert!(html.contains("內容有 3 個錯誤、1 個警告"));
        assert!(
            html.contains("<span class=\"kind\">警告</span> <code>content/pages/about.md</code>")
        );
    }
}
