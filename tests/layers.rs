//! The layering of `src/` holds (issue 9): nothing below `commands/` reaches
//! up into `commands` or the items of `lib.rs`, nothing below `events` uses
//! `events` (but `mail`, above it), and the domain modules import each other
//! without a cycle. Read as text: every `crate::…` path outside test code,
//! `use crate::{a, b::c}` groups included, names the top-level module used.
//! And commands are thin (issue 20, `thin`): no command names another.

#[path = "layers/thin.rs"]
mod thin;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Where `crate::commands` and the items of lib.rs may be used.
const TOP: [&str; 4] = ["commands", "cli", "main", "lib"];

/// Items defined in lib.rs (re-exported or not): `crate::Ctx` and the like.
const LIB_ITEMS: [&str; 10] = [
    "Ctx",
    "Result",
    "Error",
    "print_json",
    "run",
    "command",
    "report",
    "outln",
    "out",
    "eprintln",
];

/// Modules that may use `events`: those above it.
const ABOVE_EVENTS: [&str; 11] = [
    "events", "inbox", "mail", "site", "render", "commands", "cli", "main", "lib", "stats", "daily",
];

/// The domain modules that must not import each other in a cycle.
const DOMAIN: [&str; 17] = [
    "model", "tasks", "events", "planner", "mail", "schedule", "store", "agenda", "members",
    "inbox", "stats", "site", "talks", "secure", "merge", "install", "daily",
];

/// One use of a crate path: which top-level name, where.
#[derive(Debug, Clone, PartialEq)]
struct Use {
    name: String,
    line: usize,
}

/// The source with comments, string and char literals blanked (newlines
/// kept, so offsets still give line numbers).
fn code_only(src: &str) -> String {
    let b: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |c: char| if c == '\n' { '\n' } else { ' ' };
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let next = b.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < b.len() && b[i] != '\n' {
                out.push(' ');
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < b.len() {
                if b[i] == '/' && b.get(i + 1) == Some(&'*') {
                    depth += 1;
                    out.push_str("  ");
                    i += 2;
                } else if b[i] == '*' && b.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    out.push_str("  ");
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
        } else if c == 'r' && matches!(next, Some('"') | Some('#')) && !ident_before(&b, i) {
            // A raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while b.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if b.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            j += 1;
            loop {
                if j >= b.len() {
                    break;
                }
                if b[j] == '"' && (0..hashes).all(|k| b.get(j + 1 + k) == Some(&'#')) {
                    j += 1 + hashes;
                    break;
                }
                j += 1;
            }
            out.extend(b[i..j.min(b.len())].iter().map(|&c| blank(c)));
            i = j;
        } else if c == '"' {
            out.push(' ');
            i += 1;
            while i < b.len() && b[i] != '"' {
                if b[i] == '\\' {
                    out.push(' ');
                    i += 1;
                }
                if i < b.len() {
                    out.push(blank(b[i]));
                    i += 1;
                }
            }
            out.push(' ');
            i += 1;
        } else if c == '\'' && char_literal_len(&b, i).is_some() {
            let n = char_literal_len(&b, i).unwrap_or(1);
            out.extend(std::iter::repeat_n(' ', n));
            i += n;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_before(b: &[char], i: usize) -> bool {
    i > 0 && (b[i - 1].is_alphanumeric() || b[i - 1] == '_')
}

/// The length of a char literal starting at `i` ('x', '\n', '\u{..}'), or
/// `None` for a lifetime ('a).
fn char_literal_len(b: &[char], i: usize) -> Option<usize> {
    if b.get(i + 1) == Some(&'\\') {
        let close = (i + 2..b.len().min(i + 14)).find(|&j| b[j] == '\'')?;
        return Some(close - i + 1);
    }
    (b.get(i + 2) == Some(&'\'')).then_some(3)
}

/// The code with every `#[cfg(test)] mod name { ... }` block blanked.
fn without_test_modules(code: &str) -> String {
    let mut out: Vec<char> = code.chars().collect();
    let text: String = out.iter().collect();
    let mut from = 0;
    while let Some(at) = text[from..].find("#[cfg(test)]").map(|p| p + from) {
        from = at + 1;
        let rest = text[at + "#[cfg(test)]".len()..].trim_start();
        let Some(after_mod) = rest.strip_prefix("mod ") else {
            continue;
        };
        let name_end = after_mod
            .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ' '))
            .unwrap_or(after_mod.len());
        if !after_mod[name_end..].starts_with('{') {
            continue; // `mod tests;`: its file is skipped by name.
        }
        // Char offsets: the source is ASCII outside literals, which are blanked.
        let open = text.len() - after_mod.len() + name_end;
        let (mut depth, mut end) = (0usize, text.len());
        for (j, c) in text[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + j + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        let (start, stop) = (char_index(&text, at), char_index(&text, end));
        for c in &mut out[start..stop] {
            if *c != '\n' {
                *c = ' ';
            }
        }
        from = end;
    }
    out.into_iter().collect()
}

fn char_index(text: &str, byte: usize) -> usize {
    text[..byte].chars().count()
}

/// Every top-level name a `crate::` path in `code` uses, and the lib.rs
/// macros (`outln!`, `out!`) called bare.
fn crate_uses(code: &str) -> Vec<Use> {
    let line_of = |at: usize| code[..at].matches('\n').count() + 1;
    let mut uses = Vec::new();
    for (at, _) in code.match_indices("crate::") {
        if code[..at].ends_with('$') || ident_char_before(code, at) {
            continue;
        }
        let rest = &code[at + "crate::".len()..];
        let rest_trim = rest.trim_start();
        if let Some(group) = rest_trim.strip_prefix('{') {
            for name in group_heads(group) {
                uses.push(Use {
                    name,
                    line: line_of(at),
                });
            }
        } else {
            let name: String = rest_trim
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() {
                uses.push(Use {
                    name,
                    line: line_of(at),
                });
            }
        }
    }
    for mac in ["outln!", "out!"] {
        for (at, _) in code.match_indices(mac) {
            let path_before = code[..at].ends_with("::");
            if !ident_char_before(code, at) && !path_before {
                uses.push(Use {
                    name: mac.trim_end_matches('!').to_string(),
                    line: line_of(at),
                });
            }
        }
    }
    uses
}

fn ident_char_before(code: &str, at: usize) -> bool {
    code[..at]
        .chars()
        .next_back()
        .is_some_and(|c| c.is_alphanumeric() || c == '_')
}

/// The first name of each item in a `{a, b::c, d::{e, f}}` group (given
/// after its `{`), up to the matching `}`.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 0;
    let mut at_item_start = true;
    let mut word = String::new();
    for c in group.chars() {
        if depth == 0 && at_item_start && (c.is_alphanumeric() || c == '_') {
            word.push(c);
            continue;
        }
        if !word.is_empty() {
            heads.push(std::mem::take(&mut word));
            at_item_start = false;
        }
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => break,
            '}' => depth -= 1,
            ',' if depth == 0 => at_item_start = true,
            _ => {}
        }
    }
    heads
}

/// Every `.rs` file under `dir`, but test code: `tests.rs` files, and a
/// `tests/` folder that its module declares `#[cfg(test)] mod tests;`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("dir entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            if !is_test_folder(&p) {
                rust_files(&p, out);
            }
        } else if p.extension().is_some_and(|e| e == "rs")
            && p.file_name().is_some_and(|n| n != "tests.rs")
        {
            out.push(p);
        }
    }
}

/// A `tests/` folder that its module (`mod.rs` beside it, or the `.rs` file
/// named as its parent folder) declares `#[cfg(test)] mod tests;`.
fn is_test_folder(dir: &Path) -> bool {
    let Some(parent) = dir.parent() else {
        return false;
    };
    dir.file_name().is_some_and(|n| n == "tests")
        && [parent.join("mod.rs"), parent.with_extension("rs")]
            .iter()
            .filter_map(|f| fs::read_to_string(f).ok())
            .any(|text| {
                let words: Vec<&str> = text.split_whitespace().collect();
                words
                    .windows(3)
                    .any(|w| w == ["#[cfg(test)]", "mod", "tests;"])
            })
}

/// Each file under src/ with its top-level module and its crate uses.
fn scan() -> Vec<(String, String, Vec<Use>)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files
        .iter()
        .map(|p| {
            let rel = p.strip_prefix(&src).unwrap_or(p);
            let first = rel.components().next().expect("a path under src");
            let top = first
                .as_os_str()
                .to_string_lossy()
                .trim_end_matches(".rs")
                .to_string();
            let text = fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            let code = without_test_modules(&code_only(&text));
            (format!("src/{}", rel.display()), top, crate_uses(&code))
        })
        .collect()
}

/// The top-level modules of src/: a `name.rs` file or a `name/` folder.
fn top_modules() -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    fs::read_dir(&src)
        .expect("src/")
        .filter_map(|e| {
            let p = e.ok()?.path();
            let name = p.file_name()?.to_string_lossy().to_string();
            if p.is_dir() {
                Some(name)
            } else {
                name.strip_suffix(".rs").map(str::to_string)
            }
        })
        .collect()
}

#[test]
fn nothing_below_commands_uses_commands_or_lib_items() {
    let modules = top_modules();
    let mut bad = Vec::new();
    for (file, top, uses) in scan() {
        if TOP.contains(&top.as_str()) {
            continue;
        }
        for u in uses {
            let lib_item = !modules.contains(&u.name) && LIB_ITEMS.contains(&u.name.as_str());
            let unknown = !modules.contains(&u.name) && !LIB_ITEMS.contains(&u.name.as_str());
            if u.name == "commands" || lib_item || unknown {
                bad.push(format!("{file}:{}: uses crate::{}", u.line, u.name));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "below `commands`, modules must not use `commands` or items of lib.rs \
         (use crate::error::Result, crate::term::write_stdout, ...):\n{}",
        bad.join("\n")
    );
}

#[test]
fn nothing_below_events_uses_events() {
    let mut bad = Vec::new();
    for (file, top, uses) in scan() {
        if ABOVE_EVENTS.contains(&top.as_str()) {
            continue;
        }
        for u in uses.iter().filter(|u| u.name == "events") {
            bad.push(format!("{file}:{}: `{top}` uses crate::events", u.line));
        }
    }
    assert!(
        bad.is_empty(),
        "only modules above `events` (mail, render, commands) may use it:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_domain_modules_import_no_cycle() {
    // module -> (used module -> first place it is used)
    let mut graph: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for (file, top, uses) in scan() {
        if !DOMAIN.contains(&top.as_str()) {
            continue;
        }
        for u in uses {
            if u.name != top && DOMAIN.contains(&u.name.as_str()) {
                graph
                    .entry(top.clone())
                    .or_default()
                    .entry(u.name)
                    .or_insert_with(|| format!("{file}:{}", u.line));
            }
        }
    }
    if let Some(cycle) = find_cycle(&graph) {
        let steps: Vec<String> = cycle
            .windows(2)
            .map(|w| format!("{} -> {} ({})", w[0], w[1], graph[&w[0]][&w[1]]))
            .collect();
        panic!(
            "import cycle among the domain modules: {}\n{}",
            cycle.join(" -> "),
            steps.join("\n")
        );
    }
}

/// A cycle in the graph as its path (first module repeated at the end).
fn find_cycle(graph: &BTreeMap<String, BTreeMap<String, String>>) -> Option<Vec<String>> {
    fn visit(
        n: &str,
        graph: &BTreeMap<String, BTreeMap<String, String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.contains(n) {
            return None;
        }
        path.push(n.to_string());
        for next in graph.get(n).into_iter().flat_map(|m| m.keys()) {
            if let Some(c) = visit(next, graph, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.insert(n.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|n| visit(n, graph, &mut Vec::new(), &mut done))
}

#[test]
fn the_scanner_reads_groups_and_skips_comments_strings_and_tests() {
    let src = r##"
//! doc: crate::commands is only named here
use crate::{model::{Group, Event}, tasks, words::plural};
use crate::error::Result;
fn f() { let s = "crate::Ctx"; let r = r#"crate::run"#; let c = '{'; outln!("x"); }
#[cfg(test)]
mod tests {
    use crate::commands::Ctx;
    fn g() { let b = '}'; }
}
fn h() -> crate::Result<()> { crate::out!("y") }
"##;
    let code = without_test_modules(&code_only(src));
    let names: Vec<(String, usize)> = crate_uses(&code)
        .into_iter()
        .map(|u| (u.name, u.line))
        .collect();
    let want = [
        ("model", 3),
        ("tasks", 3),
        ("words", 3),
        ("error", 4),
        ("Result", 11),
        ("out", 11),
        ("outln", 5),
    ];
    assert_eq!(
        names,
        want.iter()
            .map(|(n, l)| (n.to_string(), *l))
            .collect::<Vec<_>>()
    );
}

/// Test modules' folders are test code; the modules beside them are not.
#[test]
fn the_scanner_skips_test_folders_only() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rel = |f: &PathBuf| {
        f.strip_prefix(&src)
            .unwrap_or(f)
            .to_string_lossy()
            .to_string()
    };
    let files: Vec<String> = files.iter().map(rel).collect();
    assert!(files.iter().any(|f| f == "planner/mod.rs"), "{files:?}");
    assert!(
        files.iter().any(|f| f == "planner/checklist.rs"),
        "{files:?}"
    );
    assert!(!files.iter().any(|f| f.contains("tests/")), "{files:?}");
    assert!(is_test_folder(&src.join("planner/tests")));
    assert!(!is_test_folder(&src.join("planner")));
    assert!(!is_test_folder(&src.join("model/read")));
}

#[test]
fn a_cycle_is_found_and_named() {
    let mut g: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let edge = |g: &mut BTreeMap<String, BTreeMap<String, String>>, a: &str, b: &str| {
        g.entry(a.into()).or_default().insert(b.into(), "x".into());
    };
    edge(&mut g, "model", "schedule");
    edge(&mut g, "planner", "tasks");
    assert_eq!(find_cycle(&g), None);
    edge(&mut g, "tasks", "planner");
    assert_eq!(
        find_cycle(&g),
        Some(vec!["planner".into(), "tasks".into(), "planner".into()])
    );
}
