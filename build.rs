//! Build script of the CLI package. It builds nothing: it tells the integration tests what this
//! machine lacks, so that a test which needs it is *ignored with a reason* (`cargo test` lists it
//! as ignored, and `--include-ignored` runs it) rather than passing in no time:
//!
//! - `no_shared_corpus`: `../shared/corpus` (the shared corpus beside the checkout) is absent;
//! - `no_soffice`: LibreOffice is not found (`ESSAYLINT_SOFFICE`, or `soffice` on `PATH`);
//! - `no_browser`: Chromium, Node.js or the page's `playwright-core` is missing.
//!
//! Under `CI=true` none is set: the tests run and fail, because CI must have them all.

use std::path::{Path, PathBuf};

fn main() {
    for cfg in ["no_shared_corpus", "no_soffice", "no_browser"] {
        println!("cargo::rustc-check-cfg=cfg({cfg})");
    }
    for var in ["CI", "PATH", "ESSAYLINT_SOFFICE", "ESSAYLINT_CHROMIUM"] {
        println!("cargo::rerun-if-env-changed={var}");
    }
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").unwrap_or_default());
    let corpus = root.join("../shared/corpus");
    let playwright = root.join("web/node_modules/playwright-core");
    // Only what exists is watched (its removal runs this script again). A missing path would make
    // cargo run it, and rebuild the package, on every build; so a cfg set for something missing
    // stays until build.rs or the environment changes: `touch build.rs` after adding the corpus,
    // or run the ignored tests with `cargo test -- --include-ignored`.
    println!("cargo::rerun-if-changed=build.rs");
    for watched in [&corpus, &playwright] {
        if watched.exists() {
            println!("cargo::rerun-if-changed={}", watched.display());
        }
    }
    if std::env::var_os("CI").is_some() {
        return;
    }
    if !corpus.is_dir() {
        println!("cargo::rustc-cfg=no_shared_corpus");
    }
    if !soffice_found() {
        println!("cargo::rustc-cfg=no_soffice");
    }
    let chromium =
        std::env::var_os("ESSAYLINT_CHROMIUM").map_or("/usr/bin/chromium".into(), PathBuf::from);
    if !chromium.exists() || !on_path("node") || !playwright.is_dir() {
        println!("cargo::rustc-cfg=no_browser");
    }
}

/// As `essaylint::libreoffice::find_soffice` looks for it.
fn soffice_found() -> bool {
    match std::env::var_os("ESSAYLINT_SOFFICE") {
        Some(path) => Path::new(&path).is_file(),
        None => on_path("soffice") || on_path("libreoffice"),
    }
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(name).is_file()))
}
