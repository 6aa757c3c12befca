//! Stylesheets. Our own theme is compiled in; the NL Design System component
//! CSS comes from npm (`@utrecht/component-library-css`) and is read at start
//! from the assets directory (the repository's `node_modules` by default).

use std::path::{Path, PathBuf};

pub const THEME_CSS: &str = include_str!("../static/kompas.css");
const NLDS_CSS: &str = "@utrecht/component-library-css/dist/index.css";

#[derive(Debug, Clone, Default)]
pub struct Assets {
    pub nlds_css: Option<String>,
}

/// Where `npm ci` puts the packages when run in the repository.
pub fn default_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../node_modules")
}

impl Assets {
    pub fn load(dir: &Path) -> Assets {
        let path = dir.join(NLDS_CSS);
        match std::fs::read_to_string(&path) {
            Ok(css) => Assets {
                nlds_css: Some(css),
            },
            Err(e) => {
                tracing::warn!(path = %path.display(), error = %e,
                    "NL Design System CSS not found; run `npm ci` in the repository or set KOMPAS_ASSETS_DIR");
                Assets { nlds_css: None }
            }
        }
    }
}
