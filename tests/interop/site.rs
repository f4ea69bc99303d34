//! The site `ug site` writes, checked by the tools browsers and validators
//! use: the Nu HTML Checker (`vnu.jar` from npm `vnu-jar`, run by Debian's
//! java) finds no error on any page of the bundled file's site or any
//! example's; axe-core in Debian's chromium (through puppeteer-core, see
//! `site/axe.mjs`) finds no WCAG 2.1 AA violation on the index, an event
//! page, the archive, the speakers and stats, light and dark, and no page
//! scrolls sideways at 320, 375 or 1280 px. The npm packages are pinned in
//! `site/package-lock.json`; `.ci/run` runs `npm ci` there.

use std::path::{Path, PathBuf};
use std::process::Command;

use super::support::{Ug, repo_file};
use super::{available, repo};

/// `tests/interop/site/`, where `npm ci` puts the checkers.
fn npm_dir() -> PathBuf {
    repo("tests/interop/site")
}

/// True when node's packages are installed; else fails under `UG_INTEROP=1`.
fn npm_installed() -> bool {
    let dir = npm_dir();
    let ok = ["vnu-jar", "axe-core", "puppeteer-core"]
        .iter()
        .all(|p| dir.join("node_modules").join(p).is_dir());
    assert!(
        ok || std::env::var_os("UG_INTEROP").is_none_or(|v| v != "1"),
        "the npm packages are missing and UG_INTEROP=1: run `npm ci --ignore-scripts` in {}",
        dir.display()
    );
    if !ok {
        eprintln!(
            "SKIPPED: run `npm ci --ignore-scripts` in {}",
            dir.display()
        );
    }
    ok
}

/// The bundled file and each example, each built into its own folder.
fn sites() -> Vec<(String, Ug)> {
    let mut names = vec!["group.toml".to_string()];
    let mut examples: Vec<String> = std::fs::read_dir(repo("examples"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".toml"))
        .collect();
    examples.sort();
    names.extend(examples.into_iter().map(|n| format!("examples/{n}")));
    names
        .into_iter()
        .map(|n| {
            let ug = Ug::with_group(&repo_file(&n)).at("2026-11-10");
            ug.run_with(["site"]).success();
            (n, ug)
        })
        .collect()
}

fn has_java() -> bool {
    available(
        "java",
        "default-jre-headless",
        Command::new("java").arg("-version"),
    )
}

fn has_browser() -> bool {
    available("node", "nodejs", Command::new("node").arg("--version"))
        && available(
            "chromium",
            "chromium",
            Command::new("/usr/bin/chromium").arg("--version"),
        )
}

#[test]
#[ignore = "needs java and npm's vnu-jar (UG_INTEROP=1, see .ci/run)"]
fn vnu_finds_no_error_on_any_page() {
    if !has_java() || !npm_installed() {
        return;
    }
    let jar = npm_dir().join("node_modules/vnu-jar/build/dist/vnu.jar");
    for (name, ug) in sites() {
        let out = Command::new("java")
            .arg("-jar")
            .arg(&jar)
            .args(["--errors-only", "--skip-non-html"])
            .arg(ug.path("public"))
            .output()
            .expect("run vnu.jar");
        assert!(
            out.status.success(),
            "vnu on the site of {name}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

/// The first event page of a site (by name), if it has events.
fn an_event_page(public: &Path) -> Option<String> {
    let mut ids: Vec<String> = std::fs::read_dir(public.join("events"))
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    ids.sort();
    ids.last().map(|id| format!("events/{id}/index.html"))
}

#[test]
#[ignore = "needs node, chromium and npm's axe-core (UG_INTEROP=1, see .ci/run)"]
fn axe_finds_no_violation_and_nothing_scrolls_sideways() {
    if !has_browser() || !npm_installed() {
        return;
    }
    let shots = tempfile::Builder::new()
        .prefix("ug-site-shots-")
        .tempdir()
        .unwrap();
    for (name, ug) in sites() {
        let public = ug.path("public");
        let mut pages = vec![
            "index.html".to_string(),
            "events/index.html".into(),
            "stats/index.html".into(),
            "speakers/index.html".into(),
        ];
        pages.extend(an_event_page(&public));
        let dir = shots.path().join(name.replace('/', "_"));
        std::fs::create_dir_all(&dir).unwrap();
        let out = Command::new("node")
            .arg(npm_dir().join("axe.mjs"))
            .arg(&public)
            .arg(&dir)
            .args(&pages)
            .output()
            .expect("run node");
        assert!(
            out.status.success(),
            "axe on the site of {name}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        for w in [375, 1280] {
            let shot = dir.join(format!("index-light-{w}.png"));
            assert!(shot.is_file(), "no screenshot {}", shot.display());
        }
    }
    eprintln!(
        "screenshots in {} (kept until the test ends)",
        shots.path().display()
    );
}
