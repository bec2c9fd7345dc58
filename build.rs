//! Gives munipub a hash of its own source (`MUNIPUB_SOURCE_HASH`): the code,
//! the built-in theme, the locked dependencies and the compiler. The build
//! cache keys every entry with it, so a different munipub never reuses
//! output an older one made (reading the 70 MB binary to hash it instead
//! took a tenth of a second of every build).

use std::path::Path;

fn main() {
    let mut h = Fnv(0xcbf2_9ce4_8422_2325);
    for rel in ["Cargo.toml", "Cargo.lock", "build.rs", "src", "themes"] {
        println!("cargo:rerun-if-changed={rel}");
        add(&mut h, Path::new(rel));
    }
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    if let Ok(out) = std::process::Command::new(rustc).arg("-vV").output() {
        h.bytes(&out.stdout);
    }
    println!("cargo:rustc-env=MUNIPUB_SOURCE_HASH={:016x}", h.0);
}

/// Every file under `path`, in name order: its path and bytes.
fn add(h: &mut Fnv, path: &Path) {
    if path.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        entries.iter().for_each(|p| add(h, p));
    } else if let Ok(bytes) = std::fs::read(path) {
        h.bytes(path.to_string_lossy().as_bytes());
        h.bytes(&(bytes.len() as u64).to_le_bytes());
        h.bytes(&bytes);
    }
}

/// 64-bit FNV-1a: enough to tell two sources apart, and needs no crate.
struct Fnv(u64);

impl Fnv {
    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ b as u64).wrapping_mul(0x0100_0000_01b3);
        }
    }
}
