//! Sniffing: any bytes give a format, never a panic, a hang or a bomb's worth of memory.
#![no_main]

use essaylint::limits::Limits;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = essaylint::sniff::sniff(data, &Limits::default());
});
