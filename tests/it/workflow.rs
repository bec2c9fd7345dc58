//! `.github/workflows/publish.yml`: valid YAML of the shape GitHub Actions
//! needs, and every `munipub` command it runs exists with the options it
//! passes.

use crate::common;

use std::path::PathBuf;

use serde_yaml::Value;

fn workflow() -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".github/workflows/publish.yml");
    let text = std::fs::read_to_string(&path).expect("the workflow exists");
    serde_yaml::from_str(&text).expect("the workflow is valid YAML")
}

fn get<'a>(v: &'a Value, key: &str) -> &'a Value {
    v.get(key)
        .unwrap_or_else(|| panic!("the workflow has `{key}`"))
}

fn steps(job: &Value) -> &Vec<Value> {
    get(job, "steps").as_sequence().expect("steps is a list")
}

/// The `uses:` of every step of a job.
fn uses(job: &Value) -> Vec<&str> {
    steps(job)
        .iter()
        .filter_map(|s| s.get("uses").and_then(Value::as_str))
        .collect()
}

/// Every `munipub …` command line in the job's `run:` steps, as words.
fn munipub_commands(job: &Value) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for step in steps(job) {
        let Some(run) = step.get("run").and_then(Value::as_str) else {
            continue;
        };
        for line in run.lines() {
            let words: Vec<&str> = line.split_whitespace().collect();
            if let Some(i) = words
                .iter()
                .position(|w| *w == "munipub" || w.ends_with("/munipub"))
            {
                out.push(words[i + 1..].iter().map(|w| w.to_string()).collect());
            }
        }
    }
    out
}

fn cache_paths(job: &Value) -> String {
    steps(job)
        .iter()
        .filter(|s| {
            s.get("uses")
                .and_then(Value::as_str)
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .filter_map(|s| s.get("with")?.get("path")?.as_str())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn triggers_are_pull_requests_and_pushes_to_main() {
    let w = workflow();
    let on = get(&w, "on");
    assert!(on.get("pull_request").is_some(), "runs on pull requests");
    let branches = get(get(on, "push"), "branches");
    assert!(
        branches
            .as_sequence()
            .is_some_and(|b| b.iter().any(|x| x.as_str() == Some("main"))),
        "publishes on pushes to main"
    );
}

#[test]
fn pull_requests_are_checked() {
    let w = workflow();
    let check = get(get(&w, "jobs"), "check");
    assert!(get(check, "if").as_str().unwrap().contains("pull_request"));
    let commands = munipub_commands(check);
    assert!(
        commands
            .iter()
            .any(|c| c.first().map(String::as_str) == Some("check")),
        "the check job runs `munipub check`: {commands:?}"
    );
    let paths = cache_paths(check);
    for p in ["~/.cargo/registry", "target/"] {
        assert!(
            paths.contains(p),
            "the Rust build is cached ({p}):\n{paths}"
        );
    }
}

#[test]
fn main_is_deployed_to_pages() {
    let w = workflow();
    let publish = get(get(&w, "jobs"), "publish");
    let permissions = get(publish, "permissions");
    assert_eq!(get(permissions, "pages").as_str(), Some("write"));
    assert_eq!(get(permissions, "id-token").as_str(), Some("write"));
    let used = uses(publish);
    for action in [
        "actions/checkout@",
        "actions/cache@",
        "actions/upload-pages-artifact@",
        "actions/deploy-pages@",
    ] {
        assert!(
            used.iter().any(|u| u.starts_with(action)),
            "the publish job uses {action}: {used:?}"
        );
    }
    let upload = steps(publish)
        .iter()
        .find(|s| {
            s.get("uses")
                .and_then(Value::as_str)
                .is_some_and(|u| u.starts_with("actions/upload-pages-artifact@"))
        })
        .unwrap();
    assert_eq!(
        get(get(upload, "with"), "path").as_str(),
        Some("public"),
        "public/ is what is published"
    );
    let paths = cache_paths(publish);
    for p in [".munipub-cache/", "~/.cargo/registry", "target/"] {
        assert!(paths.contains(p), "the publish job caches {p}:\n{paths}");
    }
    let commands = munipub_commands(publish);
    assert!(
        commands
            .iter()
            .any(|c| c.first().map(String::as_str) == Some("build")),
        "the publish job runs `munipub build`: {commands:?}"
    );
}

#[test]
fn every_munipub_command_exists_with_its_options() {
    let w = workflow();
    let jobs = get(&w, "jobs").as_mapping().expect("jobs is a mapping");
    let mut seen = 0;
    for (name, job) in jobs {
        for words in munipub_commands(job) {
            seen += 1;
            let cmd: Vec<&str> = words
                .iter()
                .take_while(|w| !w.starts_with('-'))
                .map(String::as_str)
                .collect();
            assert!(!cmd.is_empty(), "{name:?}: `munipub` without a command");
            let mut args = cmd.clone();
            args.push("--help");
            let run = common::munipub(&args);
            assert_eq!(
                run.code,
                0,
                "{name:?}: `munipub {}` is a real command:\n{}",
                cmd.join(" "),
                run.stderr
            );
            for flag in words.iter().filter(|w| w.starts_with("--")) {
                let flag = flag.split('=').next().unwrap();
                assert!(
                    run.stdout.contains(flag),
                    "{name:?}: `munipub {}` takes {flag}:\n{}",
                    cmd.join(" "),
                    run.stdout
                );
            }
        }
    }
    assert!(seen >= 2, "the workflow runs munipub");
}

#[test]
fn both_jobs_fetch_the_whole_history() {
    // The directory's editions (異動) are read from the git history: a
    // shallow checkout would build without them (with a warning).
    let w = workflow();
    for name in ["check", "publish"] {
        let job = get(get(&w, "jobs"), name);
        let checkout = steps(job)
            .iter()
            .find(|s| {
                s.get("uses")
                    .and_then(Value::as_str)
                    .is_some_and(|u| u.starts_with("actions/checkout@"))
            })
            .unwrap_or_else(|| panic!("{name} checks out the site"));
        let depth = checkout.get("with").and_then(|w| w.get("fetch-depth"));
        assert_eq!(
            depth.and_then(Value::as_i64),
            Some(0),
            "{name}: actions/checkout with fetch-depth: 0"
        );
    }
}

#[test]
fn published_issues_are_sealed_by_hand_into_a_pull_request() {
    let w = workflow();
    let input = get(
        get(get(get(&w, "on"), "workflow_dispatch"), "inputs"),
        "seal",
    );
    assert_eq!(get(input, "required").as_bool(), Some(false));
    let seal = get(get(&w, "jobs"), "seal");
    let condition = get(seal, "if").as_str().unwrap();
    assert!(
        condition.contains("workflow_dispatch") && condition.contains("inputs.seal"),
        "sealing is run by hand with dates: {condition}"
    );
    let commands = munipub_commands(seal);
    assert!(
        commands
            .iter()
            .any(|c| c.first().map(String::as_str) == Some("seal")),
        "the seal job runs `munipub seal`: {commands:?}"
    );
    assert_eq!(
        get(get(seal, "permissions"), "pull-requests").as_str(),
        Some("write")
    );
    let publish_if = get(get(get(&w, "jobs"), "publish"), "if").as_str().unwrap();
    assert!(
        publish_if.contains("push") && publish_if.contains("inputs.seal == ''"),
        "sealing does not deploy: {publish_if}"
    );
}
