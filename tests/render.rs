//! `--render libreoffice`: the exact mode, and the layout model measured against it.
//!
//! Needs LibreOffice (`soffice`); `.ci/run` installs it. Without it the test that renders is
//! ignored, with the reason in `cargo test`'s summary (build.rs sets `no_soffice`); under `CI=true`
//! it runs and fails.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn soffice_present() -> bool {
    let found = essaylint::libreoffice::find_soffice().is_ok();
    assert!(
        found || std::env::var_os("CI").is_none(),
        "CI must install LibreOffice for the render tests"
    );
    if !found {
        eprintln!("note: soffice not found; render tests skipped");
    }
    found
}

fn check(args: &[&str]) -> (i32, Value) {
    let out = Command::new(env!("CARGO_BIN_EXE_essaylint"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("runs");
    let json = serde_json::from_slice(&out.stdout).unwrap_or(Value::Null);
    (out.status.code().unwrap_or(-1), json)
}

#[test]
#[cfg_attr(no_soffice, ignore = "needs LibreOffice (soffice)")]
fn rendering_counts_pages_exactly_and_agrees_with_the_model() {
    if !soffice_present() {
        return;
    }
    let mut files = vec![
        "fixtures/real/b_en_1000__calibri11.docx".to_string(),
        "fixtures/real/a_fr_490__times12.docx".to_string(),
        "fixtures/generated/over_limit_501.docx".to_string(),
    ];
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus/essays");
    for stem in [
        "a_en_495_footnote__cambria11-15",
        "a_en_480__calibri11-double",
        "d_en_1500__times12",
    ] {
        let path = corpus.join(format!("{stem}.docx"));
        if path.exists() {
            files.push(path.to_string_lossy().to_string());
        }
    }
    for file in &files {
        let (_, rendered) = check(&["check", "--format", "json", "--render", "libreoffice", file]);
        let (_, modelled) = check(&["check", "--format", "json", file]);
        let r = &rendered["files"][0]["pages"];
        let m = &modelled["files"][0]["pages"];
        assert_eq!(r["basis"], "render", "{file}: {rendered}");
        assert_eq!(r["exact"], true, "{file}");
        assert_eq!(m["basis"], "layout", "{file}");
        assert_eq!(
            r["count"], m["count"],
            "{file}: rendered and modelled pages differ"
        );
    }
}

#[test]
fn a_missing_libreoffice_is_a_clear_error() {
    // `check --render libreoffice` of a bundled document, with the environment `setup` gives it.
    let render = |setup: &dyn Fn(&mut Command) -> &mut Command| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_essaylint"));
        command
            .args([
                "check",
                "--render",
                "libreoffice",
                "fixtures/real/notes.docx",
            ])
            .current_dir(env!("CARGO_MANIFEST_DIR"));
        setup(&mut command).output().expect("runs")
    };
    let out = render(&|c| c.env("ESSAYLINT_SOFFICE", "/nonexistent/soffice"));
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The path set is named, and the advice is to correct or unset it, not to set it.
    assert!(
        stderr.contains("ESSAYLINT_SOFFICE is set to /nonexistent/soffice, which is not a file"),
        "{stderr}"
    );
    assert!(!stderr.contains("or set ESSAYLINT_SOFFICE"), "{stderr}");

    // Without it, and without LibreOffice on the PATH: install it, or set the variable.
    let out = render(&|c| {
        c.env_remove("ESSAYLINT_SOFFICE")
            .env("PATH", "/nonexistent")
    });
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("LibreOffice (soffice) was not found"),
        "{stderr}"
    );
}
