//! `munipub schema`: the JSON Schemas are valid draft-07, every content
//! file of the fixture and of the example site validates against them, and
//! wrong files do not.

use crate::common;

use std::path::{Path, PathBuf};

use common::{TempDir, TempSite, fixture, munipub};
use serde_json::Value;

/// The repository root: the example site.
fn example_site() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `munipub schema --root ROOT --out OUT` and returns its output.
fn write_schemas(root: &Path, out: &Path) -> common::Run {
    let run = munipub(&[
        "schema".as_ref(),
        "--root".as_ref(),
        root.as_os_str(),
        "--out".as_ref(),
        out.as_os_str(),
    ]);
    assert_eq!(run.code, 0, "munipub schema succeeds:\n{}", run.stderr);
    run
}

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{} is written: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is valid JSON: {e}", path.display()))
}

/// A content file's YAML as the JSON its schema is applied to: the front
/// matter of a Markdown file, an empty file as an empty mapping.
fn instance(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    let text = text.trim_start_matches('\u{feff}').replace("\r\n", "\n");
    let yaml = if path.extension().is_some_and(|e| e == "md") {
        let rest = text
            .strip_prefix("---\n")
            .unwrap_or_else(|| panic!("{} has front matter", path.display()));
        let end = rest.find("\n---").map(|i| i + 1).unwrap_or(rest.len());
        rest[..end].to_string()
    } else {
        text
    };
    let value: Value =
        serde_yaml::from_str(&yaml).unwrap_or_else(|e| panic!("{} is YAML: {e}", path.display()));
    if value.is_null() {
        Value::Object(Default::default())
    } else {
        value
    }
}

/// Which schema a content file (relative to the root) is checked with.
fn schema_for(rel: &str) -> Option<&'static str> {
    let parts: Vec<&str> = rel.split('/').collect();
    Some(match parts.as_slice() {
        ["site.yaml"] => "site",
        ["content", "gazette", "_gazette.yaml"] => "gazette",
        ["content", "gazette", _, "issue.yaml"] => "issue",
        ["content", "gazette", _, f] if f.ends_with(".md") => "document",
        ["content", "directory", "_directory.yaml"] => "directory",
        ["content", "directory", f] if f.ends_with(".yaml") => "agency",
        ["content", "couplets", "_couplets.yaml"] => "couplets-settings",
        ["content", "couplets", f] if f.ends_with(".yaml") => "couplets",
        ["content", "pages", f] if f.ends_with(".md") => "page",
        _ => return None,
    })
}

/// Every content file a schema describes: (relative path, schema name).
fn content_files(root: &Path) -> Vec<(String, &'static str)> {
    let mut out = Vec::new();
    let mut stack = vec![root.join("content")];
    if let Some(s) = schema_for("site.yaml").filter(|_| root.join("site.yaml").is_file()) {
        out.push(("site.yaml".to_string(), s));
    }
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            let rel = path
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if let Some(s) = schema_for(&rel) {
                out.push((rel, s));
            }
        }
    }
    out.sort();
    out
}

fn validator(schemas: &Path, name: &str) -> jsonschema::Validator {
    let schema = read_json(&schemas.join(format!("{name}.schema.json")));
    jsonschema::draft7::new(&schema)
        .unwrap_or_else(|e| panic!("{name}.schema.json compiles as draft-07: {e}"))
}

/// The schema errors of one file, as `path: message` lines.
fn errors(root: &Path, rel: &str, schemas: &Path) -> Vec<String> {
    let name = schema_for(rel).unwrap_or_else(|| panic!("{rel} has a schema"));
    let v = validator(schemas, name);
    let value = instance(&root.join(rel));
    v.iter_errors(&value)
        .map(|e| format!("{rel} ({name}): {} at {}", e, e.instance_path()))
        .collect()
}

fn assert_all_valid(root: &Path, schemas: &Path) -> usize {
    let files = content_files(root);
    let problems: Vec<String> = files
        .iter()
        .flat_map(|(rel, _)| errors(root, rel, schemas))
        .collect();
    assert!(
        problems.is_empty(),
        "every file validates:\n{}",
        problems.join("\n")
    );
    files.len()
}

const NAMES: [&str; 9] = [
    "site",
    "gazette",
    "issue",
    "document",
    "directory",
    "agency",
    "couplets",
    "couplets-settings",
    "page",
];

#[test]
fn schemas_are_draft_07_json_schemas() {
    let site = TempSite::copy_of("valid");
    let run = write_schemas(&site.root, Path::new("schemas"));
    assert!(run.stdout.contains("wrote 9 schemas"), "{}", run.stdout);
    for name in NAMES {
        let schema = read_json(&site.path(&format!("schemas/{name}.schema.json")));
        assert_eq!(
            schema["$schema"], "http://json-schema.org/draft-07/schema#",
            "{name}: draft-07, the draft the VS Code YAML extension supports"
        );
        if let Err(e) = jsonschema::draft7::meta::validate(&schema) {
            panic!("{name}.schema.json is a valid draft-07 schema: {e}");
        }
        // Every property says what it is, in Chinese.
        fn described(name: &str, v: &Value) {
            if let Some(props) = v.get("properties").and_then(Value::as_object) {
                for (key, p) in props {
                    let d = p["description"].as_str().unwrap_or("");
                    assert!(
                        d.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                        "{name}: {key} has a Chinese description"
                    );
                    described(name, p);
                    described(name, &p["items"]);
                }
            }
        }
        described(name, &schema);
    }
    let document = read_json(&site.path("schemas/document.schema.json"));
    assert_eq!(
        document["properties"]["category"]["enum"],
        serde_json::json!(["法規", "令", "公告", "函", "人事", "其他"]),
        "the categories come from the site's _gazette.yaml"
    );
}

#[test]
fn fixture_files_validate() {
    let site = TempSite::copy_of("valid");
    write_schemas(&site.root, Path::new("schemas"));
    let n = assert_all_valid(&site.root, &site.path("schemas"));
    assert!(n >= 10, "the fixture's files are all checked ({n})");
}

#[test]
fn example_site_files_validate() {
    let root = example_site();
    let out = TempDir::new("schemas-example");
    write_schemas(&root, &out.path);
    let n = assert_all_valid(&root, &out.path);
    assert!(n >= 30, "the example site's files are all checked ({n})");
}

#[test]
fn new_skeletons_validate() {
    let site = TempSite::copy_of("valid");
    for args in [
        &["new", "issue", "--date", "2026-12-15"][..],
        &["new", "document", "2026-12-15", "01-notice"][..],
    ] {
        let mut all: Vec<&std::ffi::OsStr> = args.iter().map(|a| a.as_ref()).collect();
        all.extend(["--root".as_ref(), site.root.as_os_str()]);
        let run = munipub(&all);
        assert_eq!(run.code, 0, "{args:?}:\n{}", run.stderr);
    }
    write_schemas(&site.root, Path::new("schemas"));
    let schemas = site.path("schemas");
    for rel in [
        "content/gazette/2026-12-15/issue.yaml",
        "content/gazette/2026-12-15/01-notice.md",
    ] {
        assert_eq!(errors(&site.root, rel, &schemas), Vec::<String>::new());
    }
}

/// Invalid fixtures whose one problem is in a file's form.
#[test]
fn wrong_files_fail() {
    let cases = [
        (
            "unknown-category",
            "content/gazette/2026-11-15/03-parking.md",
            "法令",
        ),
        (
            "unknown-field",
            "content/gazette/2026-11-15/01-notice.md",
            "agnecy",
        ),
        (
            "missing-field",
            "content/gazette/2026-11-15/01-notice.md",
            "doc_number",
        ),
        (
            "wrong-type",
            "content/directory/secretariat.yaml",
            "integer",
        ),
        (
            "wrong-type-schedule",
            "content/gazette/_gazette.yaml",
            "array",
        ),
        (
            "unknown-group",
            "content/directory/secretariat.yaml",
            "/group",
        ),
    ];
    for (case, rel, expected) in cases {
        let site = TempSite::copy_of(&format!("invalid/{case}"));
        write_schemas(&site.root, Path::new("schemas"));
        let errs = errors(&site.root, rel, &site.path("schemas"));
        assert!(
            errs.iter().any(|e| e.contains(expected)),
            "{case}: {rel} fails its schema, naming {expected:?}; got {errs:?}"
        );
    }
}

#[test]
fn wrong_values_fail() {
    let site = TempSite::copy_of("valid");
    write_schemas(&site.root, Path::new("schemas"));
    let schemas = site.path("schemas");
    let cases = [
        (
            "content/couplets/2027.yaml",
            "year: 2027\ntitle: x\nreleased: 2027-02-01\nsets:\n  - id: Horse_1\n    calligrapher: 王\n    upper: 一二\n    lower: 三四\n    banner: 五六七八\n    square: 春福\n",
            ["/sets/0/id", "/sets/0/square"].as_slice(),
        ),
        (
            "content/directory/zz.yaml",
            "agency: 測試處\ngroup: 一級機關\nwebsite: www.example.gov.tw\nunits:\n  - phone: 04-22289111\n",
            ["/website", "name"].as_slice(),
        ),
        (
            "content/gazette/2026-11-15/09-x.md",
            "---\ntitle: 標題\ncategory: 公告\nagency: \"  \"\ndoc_number: 府字第1號\ndate: 115/11/10\nattachments:\n  - file: a.pdf\n---\n",
            ["/agency", "/date", "title"].as_slice(),
        ),
        (
            "site.yaml",
            "title: 網站\nbase_url: https://x.example/\ntheme: fancy\nallow_html: yes\n",
            ["/theme", "/allow_html"].as_slice(),
        ),
    ];
    for (rel, text, expected) in cases {
        site.write(rel, text);
        let errs = errors(&site.root, rel, &schemas);
        for want in expected {
            assert!(
                errs.iter().any(|e| e.contains(want)),
                "{rel}: an error names {want}; got {errs:?}"
            );
        }
    }
}

#[test]
fn without_readable_settings_categories_are_any_text() {
    let site = TempSite::copy_of("valid");
    site.write(
        "content/gazette/_gazette.yaml",
        "name: 公報\npublisher: 市府\nschedule: [15, 30]\nnumbering: monthly\ncategories: [法規]\n",
    );
    let run = write_schemas(&site.root, Path::new("schemas"));
    assert!(
        run.stdout.contains("categories: any text"),
        "the output says the categories are not limited:\n{}",
        run.stdout
    );
    let document = read_json(&site.path("schemas/document.schema.json"));
    let category = &document["properties"]["category"];
    assert!(category.get("enum").is_none(), "no enum: {category}");
    assert_eq!(category["type"], serde_json::json!(["string", "number"]));
    let agency = read_json(&site.path("schemas/agency.schema.json"));
    assert!(
        agency["properties"]["group"]["enum"].is_array(),
        "the directory's groups still load"
    );
}

#[test]
fn committed_schemas_and_editor_settings_are_up_to_date() {
    let root = example_site();
    let fresh = TempDir::new("schemas-fresh");
    write_schemas(&root, &fresh.path);
    for name in NAMES {
        let file = format!("{name}.schema.json");
        let committed =
            std::fs::read_to_string(root.join("schemas").join(&file)).unwrap_or_default();
        let now = std::fs::read_to_string(fresh.path.join(&file)).unwrap();
        assert!(
            committed == now,
            "schemas/{file} is out of date: run `cargo run -- schema` and commit schemas/"
        );
    }
    let settings = read_json(&root.join(".vscode/settings.json"));
    let expected: Value =
        serde_json::from_str(&munipub::content::schema::vscode_yaml_schemas("schemas").pretty())
            .unwrap();
    assert_eq!(
        settings["yaml.schemas"], expected,
        ".vscode/settings.json maps every YAML file to its schema"
    );
    let directory =
        std::fs::read_to_string(root.join("content/directory/_directory.yaml")).unwrap();
    assert!(
        directory.lines().next()
            == Some(
                munipub::content::schema::modeline(&munipub::content::schema::DIRECTORY, "schemas")
                    .as_str()
            ),
        "_directory.yaml names its schema on its first line"
    );
    // The fixture has no schemas/ and needs none.
    assert!(!fixture("valid").join("schemas").exists());
}
