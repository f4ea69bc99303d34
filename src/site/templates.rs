//! The site's templates: built in, each overridable by a file of the same
//! name in `site/` beside the group file. Pages are `layout.html` around one
//! page template (`index.html`, `event.html`, `archive.html`,
//! `speakers.html`, `stats.html`);
//! `style.css` is copied as it is. A template that does not parse or render
//! is an error naming its file and line.

use std::collections::HashMap;
use std::path::Path;

use minijinja::{Environment, Value};

use crate::agenda::escape_html;
use crate::error::{Error, Result};
use crate::mail::compose::environment;

/// The built-in templates, in the order README documents them.
pub const BUILT_IN: [(&str, &str); 7] = [
    ("layout.html", include_str!("templates/layout.html")),
    ("index.html", include_str!("templates/index.html")),
    ("event.html", include_str!("templates/event.html")),
    ("archive.html", include_str!("templates/archive.html")),
    ("speakers.html", include_str!("templates/speakers.html")),
    ("stats.html", include_str!("templates/stats.html")),
    ("style.css", include_str!("templates/style.css")),
];

/// The parsed templates of one build.
pub struct Templates {
    env: Environment<'static>,
    /// Template name -> where it came from, for error messages.
    origin: HashMap<&'static str, String>,
    /// The stylesheet's text (not a template: CSS braces are not Jinja's).
    pub css: String,
}

impl Templates {
    /// The built-in templates, each overridden by `dir/site/<name>` when
    /// that file exists (`dir`: the group file's folder).
    pub fn load(dir: &Path) -> Result<Templates> {
        let mut env = environment();
        // minijinja's own escaping writes `/` as `&#x2f;`: links read badly.
        env.set_formatter(|out, _, value| {
            let text = value.to_string();
            let text = if value.is_safe() {
                text
            } else {
                escape_html(&text)
            };
            out.write_str(&text)
                .map_err(|_| minijinja::Error::from(minijinja::ErrorKind::WriteFailure))
        });
        let mut origin = HashMap::new();
        let mut css = String::new();
        for (name, built_in) in BUILT_IN {
            let path = dir.join("site").join(name);
            let (text, from) = if path.is_file() {
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::io("read", path.clone(), e))?;
                (text, path.display().to_string())
            } else {
                (
                    built_in.to_string(),
                    format!("the built-in template {name}"),
                )
            };
            origin.insert(name, from);
            if name == "style.css" {
                css = text;
                continue;
            }
            env.add_template_owned(name, text)
                .map_err(|e| located(&origin, &e))?;
        }
        Ok(Templates { env, origin, css })
    }

    /// Renders template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: &Value) -> Result<String> {
        self.env
            .get_template(name)
            .and_then(|t| t.render(ctx))
            .map_err(|e| located(&self.origin, &e))
    }
}

/// "site/event.html:3: syntax error: unexpected end of input", with a hint.
fn located(origin: &HashMap<&'static str, String>, e: &minijinja::Error) -> Error {
    let name = e.name().unwrap_or("template");
    let file = origin.get(name).map_or(name, String::as_str);
    let line = e.line().map_or(String::new(), |l| format!(":{l}"));
    let what = e
        .detail()
        .map_or_else(|| e.kind().to_string(), str::to_string);
    let hint = match e.kind() {
        minijinja::ErrorKind::UndefinedError => {
            "use only the variables README lists for this template, or guard an optional one with `{% if ... %}`"
        }
        _ => {
            "fix the template (minijinja, like Jinja2), or delete the file to use the built-in one"
        }
    };
    Error::failed_with(format!("{file}{line}: {what}"), hint)
}
