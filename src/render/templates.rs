//! The theme's Tera templates, compiled once and kept with the sources they were
//! compiled from, so a later layout can tell whether they need compiling again and
//! every template error can quote its line.

use std::collections::BTreeMap;

use tera::{Context, Tera};

use crate::diagnostic::Diagnostic;
use crate::theme::Theme;

/// A theme's templates, compiled.
pub struct Templates {
    tera: Tera,
    sources: BTreeMap<String, String>,
}

impl Templates {
    /// Compiles the theme's templates; HTML and XML output is escaped.
    pub fn compile(theme: &Theme) -> Result<Templates, Vec<Diagnostic>> {
        let mut tera = Tera::new();
        tera.autoescape_on([".html", ".xml"]);
        tera.register_filter("date", crate::strings::date_filter);
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str())),
        )
        .map_err(|e| vec![template_error(&theme.templates, e)])?;
        Ok(Templates {
            tera,
            sources: theme.templates.clone(),
        })
    }

    /// Whether these are `theme`'s templates as they are now.
    pub fn compiled_from(&self, theme: &Theme) -> bool {
        self.sources == theme.templates
    }

    /// Renders the template `name` with `ctx`.
    pub fn render(&self, name: &str, ctx: &Context) -> Result<String, Diagnostic> {
        self.tera
            .render(name, ctx)
            .map_err(|e| template_error(&self.sources, e))
    }
}

/// A template problem at its template file, line and column where Tera knows them.
fn template_error(sources: &BTreeMap<String, String>, e: tera::Error) -> Diagnostic {
    let (file, line, column, message) = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => (
            r.filename().to_string(),
            r.span().start_line,
            r.span().start_col + 1,
            r.message().to_string(),
        ),
        tera::ErrorKind::MissingParent { current, parent } => (
            current.clone(),
            0,
            0,
            format!("it extends `{parent}`, which the theme does not have"),
        ),
        _ => {
            let mut message = e.to_string();
            let mut source = std::error::Error::source(&e);
            while let Some(s) = source {
                message.push_str(": ");
                message.push_str(&s.to_string());
                source = s.source();
            }
            (String::new(), 0, 0, message)
        }
    };
    let path = if file.is_empty() {
        "theme/templates".to_string()
    } else {
        format!("theme/templates/{file}")
    };
    let d = Diagnostic::new(path, line, column, format!("the theme failed: {message}")).with_help(
        "fix the template; a site's `theme/templates/` file replaces the default one of that name",
    );
    match sources.get(&file) {
        Some(text) => d.quoting(text),
        None => d,
    }
}
