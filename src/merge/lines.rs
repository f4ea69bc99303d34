//! The fallback when a side is not valid TOML: a line merge like `git
//! merge-file` (diff3). Lines both sides kept from BASE anchor the merge;
//! between anchors a stretch changed on one side takes that side, the same
//! change on both is kept once, and two different changes become a
//! `<<<<<<< ours` / `=======` / `>>>>>>> theirs` block.

use std::collections::HashMap;

/// Above this many cells the middle of a diff is not searched for common
/// lines: it is one changed stretch (a 10 MB file that differs throughout).
const MAX_CELLS: usize = 25_000_000;

/// The merged text and one line per conflict block.
pub fn merge(base: &str, ours: &str, theirs: &str) -> (String, Vec<String>) {
    let (b, o, t) = (split(base), split(ours), split(theirs));
    let mut ids: HashMap<&str, u32> = HashMap::new();
    let (bi, oi, ti) = (
        intern(&b, &mut ids),
        intern(&o, &mut ids),
        intern(&t, &mut ids),
    );
    let to_ours = matching(&bi, &oi);
    let to_theirs = matching(&bi, &ti);
    let mut out = String::with_capacity(ours.len() + 64);
    let mut conflicts = Vec::new();
    let (mut i, mut x, mut y) = (0, 0, 0);
    // The output's line count, up to `counted` bytes: for the conflicts' line numbers.
    let (mut line, mut counted) = (1, 0);
    loop {
        // The next BASE line both sides kept, at or after i.
        let next = (i..b.len()).find(|&k| to_ours[k].is_some() && to_theirs[k].is_some());
        let (k, xo, yt) = match next {
            Some(k) => (k, to_ours[k].unwrap_or(x), to_theirs[k].unwrap_or(y)),
            None => (b.len(), o.len(), t.len()),
        };
        if k == i && xo == x && yt == y {
            if k == b.len() {
                break;
            }
            out.push_str(b[k]);
            (i, x, y) = (k + 1, x + 1, y + 1);
            continue;
        }
        let (bs, os, ts) = (&b[i..k], &o[x..xo], &t[y..yt]);
        if os == bs {
            ts.iter().for_each(|l| out.push_str(l));
        } else if ts == bs || os == ts {
            os.iter().for_each(|l| out.push_str(l));
        } else {
            line += out[counted..].matches('\n').count();
            counted = out.len();
            conflicts.push(format!("line {line}: lines changed two ways"));
            out.push_str("<<<<<<< ours\n");
            push_lines(&mut out, os);
            out.push_str("=======\n");
            push_lines(&mut out, ts);
            out.push_str(">>>>>>> theirs\n");
        }
        (i, x, y) = (k, xo, yt);
    }
    (out, conflicts)
}

/// Each line as a number, equal lines equal numbers.
fn intern<'a>(lines: &[&'a str], ids: &mut HashMap<&'a str, u32>) -> Vec<u32> {
    lines
        .iter()
        .map(|l| {
            let n = ids.len() as u32;
            *ids.entry(l).or_insert(n)
        })
        .collect()
}

fn push_lines(out: &mut String, lines: &[&str]) {
    for l in lines {
        out.push_str(l);
        if !l.ends_with('\n') {
            out.push('\n');
        }
    }
}

/// Lines with their endings.
fn split(s: &str) -> Vec<&str> {
    s.split_inclusive('\n').collect()
}

/// For each line of `a`, the line of `b` it is matched with in a longest
/// common subsequence (matches only go forward).
fn matching(a: &[u32], b: &[u32]) -> Vec<Option<usize>> {
    let mut to = vec![None; a.len()];
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    for (i, slot) in to.iter_mut().enumerate().take(pre) {
        *slot = Some(i);
    }
    let rest = (a.len() - pre).min(b.len() - pre);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take(rest)
        .take_while(|(x, y)| x == y)
        .count();
    for k in 0..suf {
        to[a.len() - 1 - k] = Some(b.len() - 1 - k);
    }
    let (am, bm) = (&a[pre..a.len() - suf], &b[pre..b.len() - suf]);
    let (n, m) = (am.len(), bm.len());
    if n == 0 || m == 0 || (n + 1) * (m + 1) > MAX_CELLS {
        return to;
    }
    // lcs[i][j]: the longest common subsequence of am[i..] and bm[j..].
    let w = m + 1;
    let mut lcs = vec![0u32; (n + 1) * w];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * w + j] = if am[i] == bm[j] {
                lcs[(i + 1) * w + j + 1] + 1
            } else {
                lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if am[i] == bm[j] {
            to[pre + i] = Some(pre + j);
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * w + j] >= lcs[i * w + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    to
}
