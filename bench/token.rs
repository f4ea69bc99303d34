//! The cost of proving a reply (SPEC §11): `Keys::verify` through
//! `Keys::proves`, on a one-key set and on a two-key set (a rotation: the
//! token is signed by the old key, so both are tried), over 1,000,000
//! verifies each. Goal: under 1 µs a verify. Usage: `token [N]`
//! (`cargo run --release --example token`).
//!
//! Measured 2026-12 on the shared 2-core build machine (load average 3.8):
//! one key 314-319 ns, two keys (old key's token) 576 ns per verify; again
//! 2026-12-07 (load average 0.8): one key 470 ns, two keys 798 ns.

use std::hint::black_box;
use std::time::Instant;

use usergroup::token::{self, Keys};

fn bench(what: &str, keys: &Keys, signer: &Keys, n: u32) {
    let to = "ann.mueller@gmail.com";
    let id = signer.message_id("announce", "2026-12-08", to, "example.org");
    let r = token::parse(&id, "example.org").expect("ug's own Message-ID");
    assert!(keys.proves(&r, to), "the token verifies");
    let start = Instant::now();
    let mut ok = 0u32;
    for _ in 0..n {
        ok += u32::from(keys.proves(black_box(&r), black_box(to)));
    }
    let ns = start.elapsed().as_nanos() as f64 / f64::from(n);
    assert_eq!(ok, n);
    println!("{what}: {ns:.0} ns per verify ({n} verifies; goal < 1000 ns)");
}

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .map_or(1_000_000, |a| a.parse().expect("a number of verifies"));
    let (new, old) = ([7u8; 32], [9u8; 32]);
    let one = Keys::from_secrets(&[&new]);
    let two = Keys::from_secrets(&[&new, &old]);
    let old_only = Keys::from_secrets(&[&old]);
    bench("one key", &one, &one, n);
    bench("two keys, token by the old one", &two, &old_only, n);
}
