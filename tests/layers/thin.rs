//! Commands are thin (issue 20): each file under `src/commands/` parses,
//! calls the domain and prints; none names ANOTHER command module. A step two
//! commands share lives in a domain module (`crate::daily`, `crate::talks`,
//! `crate::mail::now`, ...) or in the shared command infrastructure
//! (`commands/mod.rs`, `commands/ctx.rs`: `Ctx`, `confirm`, `find_event`).
//! Read as text, as the rest of this file is: every `crate::`, `super::`
//! and `self::` path (through `{a, b::c}` groups) is resolved against the
//! file's own module.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

use super::{code_only, rust_files, without_test_modules};

/// The shared command infrastructure: every command may use it.
const SHARED: [&str; 2] = ["mod", "ctx"];

/// The command modules: each `X.rs` or `X/` directly under `dir`
/// (src/commands/) but the shared files.
fn command_modules(dir: &Path) -> BTreeSet<String> {
    fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .filter_map(|e| {
            let p = e.ok()?.path();
            let name = p.file_name()?.to_string_lossy().to_string();
            let name = if p.is_dir() {
                name
            } else {
                name.strip_suffix(".rs")?.to_string()
            };
            (!SHARED.contains(&name.as_str())).then_some(name)
        })
        .collect()
}

/// The module a file is (`rel` under src/): commands/tasks/edits.rs is
/// commands::tasks::edits, commands/tasks/mod.rs is commands::tasks.
fn module_of(rel: &str) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// Every path starting with `crate`, `super` or `self` in `code`, each leaf
/// of a `{...}` group its own path, with its line.
fn paths(code: &str) -> Vec<(Vec<String>, usize)> {
    let b = code.as_bytes();
    let mut out = Vec::new();
    for head in ["crate", "super", "self"] {
        for (at, _) in code.match_indices(head) {
            let before = code[..at].trim_end();
            let glued = at > 0
                && (b[at - 1].is_ascii_alphanumeric() || b[at - 1] == b'_' || b[at - 1] == b'$');
            let after = &code[at + head.len()..];
            let ends_word = !after.starts_with(|c: char| c.is_alphanumeric() || c == '_');
            if glued
                || before.ends_with("::")
                || !ends_word
                || !after.trim_start().starts_with("::")
            {
                continue;
            }
            let line = code[..at].matches('\n').count() + 1;
            let mut leaves = Vec::new();
            tree(
                &mut Cursor {
                    s: &code[at..],
                    i: 0,
                },
                vec![],
                &mut leaves,
            );
            out.extend(leaves.into_iter().map(|p| (p, line)));
        }
    }
    out.sort_by_key(|(_, line)| *line);
    out
}

struct Cursor<'a> {
    s: &'a str,
    i: usize,
}

impl Cursor<'_> {
    fn skip_ws(&mut self) {
        while self.s[self.i..].starts_with(char::is_whitespace) {
            self.i += self.s[self.i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    fn eat(&mut self, t: &str) -> bool {
        self.skip_ws();
        let ok = self.s[self.i..].starts_with(t);
        if ok {
            self.i += t.len();
        }
        ok
    }
    fn ident(&mut self) -> Option<String> {
        self.skip_ws();
        let rest = &self.s[self.i..];
        let n = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let n = if n == 0 && rest.starts_with('*') {
            1
        } else {
            n
        };
        (n > 0).then(|| {
            self.i += n;
            rest[..n].to_string()
        })
    }
}

/// One use tree at the cursor (`a::b`, `a::{b, c::d}`), its leaves pushed
/// onto `out` after `prefix`.
fn tree(c: &mut Cursor<'_>, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    loop {
        if c.eat("{") {
            loop {
                if c.eat("}") {
                    return;
                }
                tree(c, prefix.clone(), out);
                if !c.eat(",") {
                    c.eat("}");
                    return;
                }
            }
        }
        match c.ident() {
            Some(seg) => prefix.push(seg),
            None => break,
        }
        if !c.eat("::") {
            break;
        }
    }
    out.push(prefix);
}

/// Where a path written in `module` leads (`crate::` from the root,
/// `super::` from the parent, `self::` from `module`); `None` above the crate.
fn resolve(module: &[String], path: &[String]) -> Option<Vec<String>> {
    let mut segs = path.iter().peekable();
    let mut at: Vec<String> = match segs.next().map(String::as_str) {
        Some("crate") => Vec::new(),
        Some("self") => module.to_vec(),
        Some("super") => module[..module.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    while segs.peek().is_some_and(|s| *s == "super") {
        segs.next();
        at.pop()?;
    }
    at.extend(segs.filter(|s| *s != "self").cloned());
    Some(at)
}

/// Each place in `code` (the file `rel` under src/) that names a command
/// module other than its own: (line, the command named).
fn other_commands(rel: &str, code: &str, commands: &BTreeSet<String>) -> Vec<(usize, String)> {
    let module = module_of(rel);
    let own = module.get(1);
    paths(code)
        .into_iter()
        .filter_map(|(path, line)| {
            let to = resolve(&module, &path)?;
            let named = to.get(1)?;
            let other = to[0] == "commands" && commands.contains(named) && Some(named) != own;
            other.then(|| (line, named.clone()))
        })
        .collect()
}

#[test]
fn no_command_names_another_command() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let commands = command_modules(&src.join("commands"));
    for must in ["daily", "next_meetup", "remind", "status", "talks", "tasks"] {
        assert!(
            commands.contains(must),
            "{must} not found among {commands:?}"
        );
    }
    let mut files = Vec::new();
    rust_files(&src.join("commands"), &mut files);
    let mut bad = Vec::new();
    for p in &files {
        let rel = p.strip_prefix(&src).unwrap_or(p).display().to_string();
        let text = fs::read_to_string(p).unwrap_or_else(|e| panic!("{rel}: {e}"));
        let code = without_test_modules(&code_only(&text));
        for (line, named) in other_commands(&rel, &code, &commands) {
            bad.push(format!(
                "src/{rel}:{line}: uses the `{named}` command's module"
            ));
        }
    }
    assert!(
        bad.is_empty(),
        "a command must not call another command: move the shared step into a \
         domain module (crate::daily, crate::talks, crate::mail::now, ...) or, \
         for command plumbing, into commands/mod.rs or commands/ctx.rs:\n{}",
        bad.join("\n")
    );
}

#[test]
fn the_detector_catches_a_command_naming_another_and_allows_shared_and_own_modules() {
    let commands: BTreeSet<String> = ["daily", "inbox", "remind", "talks", "tasks"]
        .map(String::from)
        .into();
    let found = |rel: &str, src: &str| -> Vec<String> {
        let code = without_test_modules(&code_only(src));
        other_commands(rel, &code, &commands)
            .into_iter()
            .map(|(line, named)| format!("{line}:{named}"))
            .collect()
    };
    // Caught.
    assert_eq!(
        found(
            "commands/talks.rs",
            "fn f() {\n crate::commands::remind::send(ctx, &f, 1, None)?; }"
        ),
        ["2:remind"]
    );
    assert_eq!(
        found(
            "commands/daily.rs",
            "let f = super::talks::fill(ctx, dry)?;"
        ),
        ["1:talks"]
    );
    assert_eq!(
        found(
            "commands/daily.rs",
            "use crate::commands::{Ctx, inbox, next::x};"
        ),
        ["1:inbox"]
    );
    assert_eq!(
        found("commands/remind/preview.rs", "super::super::tasks::x();"),
        ["1:tasks"]
    );
    assert_eq!(
        found(
            "commands/daily.rs",
            "use crate::{model::Group, commands::{self, talks::fill}};"
        ),
        ["1:talks"]
    );
    assert_eq!(
        found("commands/daily.rs", "use crate :: commands :: remind;"),
        ["1:remind"]
    );
    // Allowed: the shared infrastructure, a command's own submodules, and
    // what only looks like a path (comments, strings, test modules).
    let allowed = [
        (
            "commands/daily.rs",
            "use crate::commands::Ctx; use crate::Ctx;",
        ),
        (
            "commands/daily.rs",
            "use super::ctx; super::confirm(ctx, q)?; super::find_event(g, id)?;",
        ),
        (
            "commands/tasks/edits.rs",
            "if !super::send::why_not(ctx, id)? {}",
        ),
        (
            "commands/tasks/mod.rs",
            "self::edits::one(ctx); use crate::commands::tasks::send;",
        ),
        (
            "commands/remind/preview.rs",
            "super::super::confirm(ctx, q)?; use super::Args;",
        ),
        (
            "commands/daily.rs",
            "use crate::daily::{self, Lock}; crate::talks::fill_and_write(c, d)?;",
        ),
        (
            "commands/daily.rs",
            "// super::talks::fill\nlet s = \"crate::commands::remind\";",
        ),
        (
            "commands/daily.rs",
            "#[cfg(test)]\nmod tests {\n use crate::commands::remind;\n}",
        ),
        (
            "commands/daily.rs",
            "let x = my_super::talks::fill(); $crate::commands::remind::x",
        ),
    ];
    for (rel, src) in allowed {
        assert_eq!(found(rel, src), Vec::<String>::new(), "{rel}: {src}");
    }
}

#[test]
fn paths_resolve_against_the_files_module() {
    let m = |s: &str| s.split("::").map(String::from).collect::<Vec<_>>();
    assert_eq!(module_of("commands/tasks/mod.rs"), m("commands::tasks"));
    assert_eq!(
        module_of("commands/tasks/edits.rs"),
        m("commands::tasks::edits")
    );
    assert_eq!(
        resolve(&m("commands::tasks"), &m("super::daily::x")),
        Some(m("commands::daily::x"))
    );
    assert_eq!(
        resolve(&m("commands::tasks::edits"), &m("super::send")),
        Some(m("commands::tasks::send"))
    );
    assert_eq!(
        resolve(&m("commands::daily"), &m("super::super::super::x")),
        None
    );
    assert_eq!(
        resolve(&m("commands::daily"), &m("self::write")),
        Some(m("commands::daily::write"))
    );
}
