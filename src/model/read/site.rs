//! The reader's half for the website (SPEC §6): `[site]`, its links checked
//! to be absolute `http(s)` addresses (located, like every other value).

use toml_edit::TableLike;

use super::schema::site;
use super::*;

impl Reader {
    pub(super) fn site(&mut self, t: &dyn TableLike, span: Span) -> Site {
        let f = self.fields(t, span, site::WHAT, site::KEYS);
        let url = self.str_spanned(&f, site::URL);
        let coc = self.str_spanned(&f, site::CODE_OF_CONDUCT);
        for s in [&url, &coc].into_iter().flatten() {
            self.web_address(s);
        }
        let out = self.str_spanned(&f, site::OUT);
        if let Some(o) = out.as_ref().filter(|o| o.value.trim().is_empty()) {
            self.err(
                "`out` in [site] is empty: name the folder the site is written to, like \"public\"",
                o.span.clone(),
            );
        }
        Site {
            url: url.map(|u| u.value),
            out,
            about: self.str(&f, site::ABOUT),
            code_of_conduct: coc.map(|c| c.value),
        }
    }

    /// An absolute web address: `https://...` or `http://...` with a host.
    fn web_address(&mut self, s: &Spanned<String>) {
        let v = s.value.trim();
        let rest = v
            .strip_prefix("https://")
            .or_else(|| v.strip_prefix("http://"));
        let ok = rest.is_some_and(|r| {
            let host = r.split(['/', '?', '#']).next().unwrap_or_default();
            !host.is_empty() && !r.chars().any(char::is_whitespace)
        });
        if !ok {
            self.err(
                format!(
                    "`{v}` in [site] is not a web address: write it whole, like \"https://example.org/\""
                ),
                s.span.clone(),
            );
        }
    }
}
