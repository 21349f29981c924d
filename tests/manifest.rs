//! Walks `fixtures/manifest.toml` and checks every fixture through the real CLI: exit code, format,
//! counts, paper and the exact set of diagnostic names, under the built-in rules or the rules file a
//! record names. Adding a fixture needs no new code. Every report's counts also keep
//! `words <= characters <= characters_with_spaces`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

use serde::Deserialize;
use serde_json::Value;

#[derive(Debug, Deserialize)]
struct Manifest {
    fixture: Vec<Fixture>,
}

#[derive(Debug, Deserialize)]
struct Fixture {
    path: String,
    #[allow(dead_code)]
    source: String,
    #[allow(dead_code)]
    what: String,
    #[serde(default)]
    posts: Vec<String>,
    /// A rules file under `fixtures/` to check against instead of the built-in rules.
    rules: Option<String>,
    format: String,
    words: Option<u64>,
    words_range: Option<[u64; 2]>,
    characters: Option<u64>,
    characters_with_spaces: Option<u64>,
    paragraphs: Option<u64>,
    lines: Option<u64>,
    by_part: Option<std::collections::BTreeMap<String, u64>>,
    pages: Option<u64>,
    paper: Option<String>,
    diagnostics: Vec<String>,
    exit: i32,
}

fn run(fixture: &Fixture, root: &Path) -> (i32, Value) {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_essaylint"));
    cmd.args(["check", "--format", "json"]);
    for post in &fixture.posts {
        cmd.args(["--post", post]);
    }
    if let Some(rules) = &fixture.rules {
        cmd.arg("--rules").arg(root.join(rules));
    }
    cmd.arg(root.join(&fixture.path));
    let out = cmd.output().expect("essaylint runs");
    let json: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{}: stdout is not JSON ({e}); stderr: {}",
            fixture.path,
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// Why a report's counts break `words <= characters <= characters_with_spaces`, if they do (in
/// either reading of non-breaking spaces: see `count::characters`).
fn counts_out_of_order(counts: &Value) -> Option<String> {
    if counts.is_null() {
        return None;
    }
    let figure = |name: &str| counts[name].as_u64();
    let [Some(low), Some(high)] = [0, 1].map(|i| counts["words_range"][i].as_u64()) else {
        return Some(format!("no words_range in {counts}"));
    };
    let (Some(characters), Some(with_spaces)) =
        (figure("characters"), figure("characters_with_spaces"))
    else {
        return Some(format!("no character counts in {counts}"));
    };
    (low.max(high) > characters || characters > with_spaces).then(|| {
        format!(
            "words {low}-{high}, characters {characters}, with spaces {with_spaces}: out of order"
        )
    })
}

#[test]
fn every_fixture_matches_its_manifest_record() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let text = std::fs::read_to_string(root.join("manifest.toml")).expect("manifest exists");
    let manifest: Manifest = toml::from_str(&text).expect("manifest parses");
    assert!(
        manifest.fixture.len() >= 30,
        "the manifest lists the fixtures"
    );
    let mut failures = Vec::new();
    for fixture in &manifest.fixture {
        assert!(
            root.join(&fixture.path).exists(),
            "{} is missing",
            fixture.path
        );
        let (code, json) = run(fixture, &root);
        let file = &json["files"][0];
        let mut problems = Vec::new();
        if code != fixture.exit {
            problems.push(format!("exit {code}, expected {}", fixture.exit));
        }
        if file["format"] != fixture.format.as_str() {
            problems.push(format!(
                "format {}, expected {}",
                file["format"], fixture.format
            ));
        }
        if let Some(words) = fixture.words
            && file["counts"]["words"].as_u64() != Some(words)
        {
            problems.push(format!(
                "words {}, expected {words}",
                file["counts"]["words"]
            ));
        }
        if let Some([lo, hi]) = fixture.words_range
            && file["counts"]["words_range"] != serde_json::json!([lo, hi])
        {
            problems.push(format!(
                "words_range {}, expected [{lo}, {hi}]",
                file["counts"]["words_range"]
            ));
        }
        for (name, want) in [
            ("characters", fixture.characters),
            ("characters_with_spaces", fixture.characters_with_spaces),
            ("paragraphs", fixture.paragraphs),
            ("lines", fixture.lines),
        ] {
            let got = file["counts"][name].as_u64();
            if let Some(want) = want
                && got != Some(want)
            {
                problems.push(format!("{name} {got:?}, expected {want}"));
            }
        }
        if let Some(problem) = counts_out_of_order(&file["counts"]) {
            problems.push(problem);
        }
        if let Some(parts) = &fixture.by_part {
            for (part, want) in parts {
                let got = file["counts"]["by_part"][part].as_u64();
                if got != Some(*want) {
                    problems.push(format!("by_part.{part} {got:?}, expected {want}"));
                }
            }
        }
        if let Some(pages) = fixture.pages
            && file["pages"]["count"].as_u64() != Some(pages)
        {
            problems.push(format!(
                "pages {}, expected {pages}",
                file["pages"]["count"]
            ));
        }
        if let Some(paper) = &fixture.paper
            && file["pages"]["size"]["name"] != paper.as_str()
        {
            problems.push(format!(
                "paper {}, expected {paper}",
                file["pages"]["size"]["name"]
            ));
        }
        let got: BTreeSet<String> = file["diagnostics"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|d| d["name"].as_str().map(str::to_string))
            .collect();
        let want: BTreeSet<String> = fixture.diagnostics.iter().cloned().collect();
        if got != want {
            problems.push(format!("diagnostics {got:?}, expected {want:?}"));
        }
        if !problems.is_empty() {
            failures.push(format!("{}: {}", fixture.path, problems.join("; ")));
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}
