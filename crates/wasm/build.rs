//! The page's wasm module gets a memory maximum, so that a file that asks for more (a bomb the
//! core's own limits did not stop) fails inside the Web Worker instead of taking the tab's memory,
//! and a larger stack than wasm-ld's default 1 MiB, as the PDF reader recurses on nested objects.

fn main() {
    let target = std::env::var("TARGET").unwrap_or_default();
    if target.starts_with("wasm32") {
        // 512 MiB: twice the native PDF worker's memory limit; an essay needs a few MiB.
        println!("cargo::rustc-link-arg-cdylib=--max-memory=536870912");
        println!("cargo::rustc-link-arg-cdylib=-zstack-size=8388608");
    }
    println!("cargo::rerun-if-changed=build.rs");
}
