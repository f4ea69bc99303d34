//! The property fuzz (issue 13, "Robustness at scale"): proptest generates
//! group files and schedule rules and runs them through the real code paths
//! in-process (`fuzz/props.rs`: the store's parse, the reader, the validator,
//! the rule parser and the next occurrences), each case under a 1 s hang
//! guard (`fuzz/guard.rs`); a sample of the files goes through the `ug`
//! binary too (`fuzz/binary.rs`: exit 0 or 1, the file unchanged). The
//! schedule engine is cross-checked against the `rrule` crate
//! (`fuzz/cross.rs`). Every input that ever broke something is kept in
//! `tests/fixtures/fuzz-corpus/` and replayed by `corpus_replays`.
//!
//! Case counts: `UG_FUZZ_CASES` (the reader and rule fuzz, split 2:2:1
//! between structured files, mutants of the bundled files and rule strings;
//! default 1000, `.ci/run` 100,000), `UG_RRULE_CASES` (the cross-check;
//! default 500, `.ci/run` 10,000). One file in [`BINARY_EVERY`] also runs
//! through the binary. `UG_FUZZ_SEED=N` for other inputs (the default seed
//! is fixed, so `cargo test` is repeatable). A failing input, shrunk, is
//! saved under `target/tmp/fuzz-failures/`: add it to the corpus.

#[path = "support/mod.rs"]
mod support;

#[path = "fuzz/binary.rs"]
mod binary;
#[path = "fuzz/cross.rs"]
mod cross;
#[path = "fuzz/guard.rs"]
mod guard;
#[path = "fuzz/inputs.rs"]
mod inputs;
#[path = "fuzz/props.rs"]
mod props;

use std::cell::RefCell;
use std::fs;
use std::path::PathBuf;
use std::sync::Arc;

use proptest::strategy::Strategy;
use proptest::test_runner::{Config, RngAlgorithm, TestCaseError, TestRng, TestRunner};

use guard::Guard;

/// One generated file in this many also runs through the binary.
const BINARY_EVERY: usize = 100;
/// The sample is at least this many files.
const BINARY_MIN: usize = 6;

fn env_count(name: &str, default: usize) -> usize {
    match std::env::var(name) {
        Ok(v) => v
            .trim()
            .replace('_', "")
            .parse()
            .unwrap_or_else(|_| panic!("{name}={v}: expected a number of cases")),
        Err(_) => default,
    }
}

/// The reader and rule fuzz's total number of cases.
fn fuzz_cases() -> usize {
    env_count("UG_FUZZ_CASES", 1000)
}

fn runner(cases: usize, salt: u8) -> TestRunner {
    let config = Config {
        cases: cases.max(1) as u32,
        failure_persistence: None,
        max_shrink_iters: 4096,
        ..Config::default()
    };
    let mut seed = [salt; 32];
    let n = env_count("UG_FUZZ_SEED", 13) as u64;
    seed[..8].copy_from_slice(&n.to_le_bytes());
    TestRunner::new_with_rng(config, TestRng::from_seed(RngAlgorithm::ChaCha, &seed))
}

/// Saves a failing input for the corpus; the message says where.
fn save_failure(name: &str, bytes: &[u8]) -> String {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
    let _ = fs::create_dir_all(&dir);
    let path = dir.join(name);
    let _ = fs::write(&path, bytes);
    format!(
        "saved to {}: copy it into tests/fixtures/fuzz-corpus/ with the fix",
        path.display()
    )
}

/// Runs the reader property on every generated file, keeping a sample for the binary.
fn fuzz_files(what: &str, cases: usize, strategy: impl Strategy<Value = Vec<u8>>, salt: u8) {
    let guard = RefCell::new(Guard::new());
    let sample = RefCell::new(Vec::new());
    let mut seen = 0usize;
    let seen = RefCell::new(&mut seen);
    let result = runner(cases, salt).run(&strategy, |bytes| {
        let n = {
            let mut s = seen.borrow_mut();
            **s += 1;
            **s
        };
        if n % BINARY_EVERY == 1 || n <= BINARY_MIN {
            sample.borrow_mut().push(bytes.clone());
        }
        let input = bytes.clone();
        guard
            .borrow_mut()
            .run(what, &bytes, move || props::read_file(&input))
            .map_err(TestCaseError::fail)
    });
    eprintln!("{}", guard.borrow().summary(what));
    if let Err(e) = result {
        let saved = match &e {
            proptest::test_runner::TestError::Fail(_, bytes) => {
                save_failure(&format!("{what}.toml"), bytes)
            }
            _ => String::new(),
        };
        panic!("{what}: {e}\n{saved}");
    }
    let sample = sample.into_inner();
    let problems = binary::sample(&sample);
    eprintln!("{what}: {} files through the binary", sample.len());
    assert!(
        problems.is_empty(),
        "{what}, through the binary:\n{}",
        problems.join("\n")
    );
}

#[test]
fn structured_group_files() {
    fuzz_files("structured", fuzz_cases() * 2 / 5, inputs::group_file(), 1);
}

#[test]
fn mutants_of_the_bundled_files() {
    let files: Vec<Vec<u8>> = [
        "group.toml",
        "examples/minimal.toml",
        "examples/quarterly.toml",
        "examples/hack-night.toml",
    ]
    .iter()
    .map(|f| support::repo_file(f).into_bytes())
    .collect();
    let strategy = inputs::mutant(files.len())
        .prop_map(move |(i, edits)| inputs::apply(files[i].clone(), &edits));
    fuzz_files("mutant", fuzz_cases() * 2 / 5, strategy, 2);
}

#[test]
fn schedule_rule_strings() {
    let what = "rule";
    let guard = RefCell::new(Guard::new());
    let result = runner(fuzz_cases() / 5, 3).run(&inputs::rule_text(), |text| {
        let input = text.clone();
        guard
            .borrow_mut()
            .run(what, text.as_bytes(), move || props::rule_text(&input))
            .map_err(TestCaseError::fail)
    });
    eprintln!("{}", guard.borrow().summary(what));
    if let Err(e) = result {
        let saved = match &e {
            proptest::test_runner::TestError::Fail(_, text) => {
                save_failure("rule.rule", text.as_bytes())
            }
            _ => String::new(),
        };
        panic!("{what}: {e}\n{saved}");
    }
}

#[test]
fn schedule_agrees_with_the_rrule_crate() {
    let cases = env_count("UG_RRULE_CASES", 500);
    let guard = RefCell::new(Guard::new());
    let result = runner(cases, 4).run(&cross::case(), |case| {
        let Some(setup) = cross::setup(&case) else {
            return Ok(());
        };
        let setup = Arc::new(setup);
        // Only ug's side is under the hang guard; the crate is not under test.
        let (c, s) = (case.clone(), Arc::clone(&setup));
        let (tx, rx) = std::sync::mpsc::channel();
        guard
            .borrow_mut()
            .run("cross", cross::to_line(&case).as_bytes(), move || {
                let _ = tx.send(cross::ours(&c, &s));
            })
            .map_err(TestCaseError::fail)?;
        let ours = rx
            .recv()
            .map_err(|e| TestCaseError::fail(e.to_string()))?
            .map_err(TestCaseError::fail)?;
        cross::verdict(&case, &setup, ours).map_err(TestCaseError::fail)
    });
    eprintln!("{}", guard.borrow().summary("cross-check"));
    if let Err(e) = result {
        if let proptest::test_runner::TestError::Fail(why, case) = &e {
            let line = cross::to_line(case);
            panic!(
                "{why}\n{line}\n{}",
                save_failure("cross.txt", line.as_bytes())
            );
        }
        panic!("{e}");
    }
}

/// Every input that ever broke something, replayed: group files through the
/// reader (in-process and the binary), rules through the parser, and
/// cross-check cases against the crate.
#[test]
fn corpus_replays() {
    let dir = support::repo("tests/fixtures/fuzz-corpus");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("the corpus folder")
        .map(|e| {
            e.expect("an entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    let mut guard = Guard::new();
    let mut files = Vec::new();
    for name in &names {
        let bytes = fs::read(dir.join(name)).expect("a corpus file");
        let what = format!("corpus {name}");
        if name.ends_with(".toml") {
            let input = bytes.clone();
            let r = guard.run(&what, &bytes, move || props::read_file(&input));
            assert_eq!(r, Ok(()), "{what}");
            files.push(bytes);
        } else if name.ends_with(".rule") {
            let text = String::from_utf8(bytes.clone()).expect("a rule is UTF-8");
            let text = text.strip_suffix('\n').unwrap_or(&text).to_string();
            let r = guard.run(&what, &bytes, move || props::rule_text(&text));
            assert_eq!(r, Ok(()), "{what}");
        } else if name.ends_with(".cross") {
            let text = String::from_utf8(bytes.clone()).expect("UTF-8");
            for line in text
                .lines()
                .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            {
                let case = cross::from_line(line);
                assert_eq!(cross::check(&case), Ok(()), "{what}: {line}");
            }
        } else if name != "README.md" {
            panic!("{what}: the corpus holds .toml, .rule and .cross files (and README.md)");
        }
    }
    let problems = binary::sample(&files);
    assert!(
        problems.is_empty(),
        "the corpus through the binary:\n{}",
        problems.join("\n")
    );
}
