//! Turns the built-in rule data (`rules/vacancies.toml`, the file people edit) into JSON at build
//! time: the binary then loads its rules with serde_json, several times faster than parsing TOML,
//! at every start. `RuleSet::builtin` is tested equal to `RuleSet::from_toml` of the TOML file.

// A build script runs on the build machine, not in the core: it may read and write files.
#![allow(clippy::disallowed_methods)]

use std::path::PathBuf;

fn main() {
    println!("cargo::rerun-if-changed=rules/vacancies.toml");
    let text = std::fs::read_to_string("rules/vacancies.toml")
        .unwrap_or_else(|e| panic!("cannot read rules/vacancies.toml: {e}"));
    let value: toml::Value =
        toml::from_str(&text).unwrap_or_else(|e| panic!("rules/vacancies.toml: {e}"));
    let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("rules as JSON: {e}"));
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("vacancies.json"), json)
        .unwrap_or_else(|e| panic!("cannot write the rules as JSON: {e}"));
}
