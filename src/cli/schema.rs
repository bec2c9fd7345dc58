//! `munipub schema`: JSON Schemas of the content files, for editors' YAML
//! tooling (docs/editors.md says how to use them in VS Code).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use crate::content::schema::{self, SiteLists};
use crate::diag::Diagnostic;

#[derive(Args, Debug)]
pub struct SchemaArgs {
    /// Folder to write the schemas into, relative to the root.
    #[arg(long, default_value = "schemas")]
    pub out: PathBuf,
}

pub fn run(root: &Path, args: &SchemaArgs) -> ExitCode {
    match write(root, args) {
        Ok(lines) => {
            for l in lines {
                println!("{l}");
            }
            ExitCode::SUCCESS
        }
        Err(d) => {
            eprintln!("{d}");
            ExitCode::FAILURE
        }
    }
}

/// Writes every schema; returns what to tell the editor.
fn write(root: &Path, args: &SchemaArgs) -> Result<Vec<String>, Diagnostic> {
    if !root.is_dir() {
        return Err(Diagnostic::error(root, "no such folder")
            .help("run munipub in the site's folder, or pass --root DIR"));
    }
    let dir = root.join(&args.out);
    std::fs::create_dir_all(&dir)
        .map_err(|e| Diagnostic::error(&args.out, format!("cannot create the folder: {e}")))?;
    let lists = SiteLists::read(root);
    let files = schema::all(&lists);
    for (name, text) in &files {
        let path = dir.join(name);
        // Leave an unchanged file alone (and its modification time).
        if std::fs::read_to_string(&path).is_ok_and(|old| old == *text) {
            continue;
        }
        std::fs::write(&path, text).map_err(|e| Diagnostic::cannot_save(&path, e))?;
    }
    let source = |list: &Option<Vec<String>>, file: &str, what: &str| match list {
        Some(l) => format!("{what}: {} (from {file})", l.join(", ")),
        None => format!("{what}: any text ({file} could not be read; run `munipub check`)"),
    };
    let mut lines = vec![
        format!(
            "wrote {} schemas into {}",
            files.len(),
            dir.strip_prefix(root).unwrap_or(&dir).display()
        ),
        source(
            &lists.categories,
            "content/gazette/_gazette.yaml",
            "  categories",
        ),
        source(
            &lists.groups,
            "content/directory/_directory.yaml",
            "  groups",
        ),
    ];
    lines.push("VS Code (YAML extension): see docs/editors.md, 編輯器設定.".into());
    Ok(lines)
}
