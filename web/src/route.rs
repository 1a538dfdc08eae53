//! The URL contract: which view the fragment names, and its state. Fragments never reach a server.
//!
//! - `#/` or `#log=…`: decode and check (a `#log=` fragment carries a shared text, see [`ftp_explorer::share`]);
//! - `#/flow?key=value&…`: the connection-flow explorer, its scenario read by [`FlowLink::from_query`];
//! - `#/setup?…`: the server-setup generator; `#/guide` or `#/guide/SYMPTOM`: the troubleshooting guide,
//!   with `?q=TEXT` when its search box holds a text.
//!
//! Each view's last URL is remembered for the navigation tabs ([`super::memory::remember_view`]).

use ftp_explorer::scenario::FlowLink;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Analyse,
    Flow(Box<FlowLink>),
    Setup(String),
    Guide {
        symptom: Option<String>,
        search: String,
    },
}

/// The views, one navigation tab each.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Analyse,
    Flow,
    Setup,
    Guide,
}

impl Tab {
    /// Its name in the session memory and the navigation's `data-tab`.
    pub const fn key(self) -> &'static str {
        match self {
            Tab::Analyse => "analyse",
            Tab::Flow => "flow",
            Tab::Setup => "setup",
            Tab::Guide => "guide",
        }
    }

    /// The view's bare URL.
    pub const fn home(self) -> &'static str {
        match self {
            Tab::Analyse => "#/",
            Tab::Flow => "#/flow",
            Tab::Setup => "#/setup",
            Tab::Guide => "#/guide",
        }
    }
}

impl Route {
    /// The route a fragment names, and what could not be read in it (shown, then ignored).
    pub fn from_hash(hash: &str) -> (Route, Vec<String>) {
        let h = hash.strip_prefix('#').unwrap_or(hash);
        let (path, query) = h.split_once('?').unwrap_or((h, ""));
        match path.trim_end_matches('/') {
            "/flow" => match FlowLink::from_query(query) {
                Ok(link) => (Route::Flow(Box::new(link)), Vec::new()),
                Err(errors) => {
                    // Keep what could be read: drop the bad pairs and read again.
                    let bad: Vec<&str> = errors.iter().map(|e| e.key.as_str()).collect();
                    let kept: Vec<&str> = query
                        .split('&')
                        .filter(|p| !bad.contains(&p.split('=').next().unwrap_or("")))
                        .collect();
                    let link = FlowLink::from_query(&kept.join("&")).unwrap_or_default();
                    (
                        Route::Flow(Box::new(link)),
                        errors.iter().map(|e| e.to_string()).collect(),
                    )
                }
            },
            "/setup" => (Route::Setup(query.to_string()), Vec::new()),
            p if p == "/guide" || p.starts_with("/guide/") => {
                let id = p["/guide".len()..].trim_start_matches('/');
                let search = query
                    .split('&')
                    .find_map(|pair| pair.strip_prefix("q="))
                    .map(ftp_explorer::percent::decode)
                    .unwrap_or_default();
                let symptom = (!id.is_empty()).then(|| id.to_string());
                (Route::Guide { symptom, search }, Vec::new())
            }
            _ => (Route::Analyse, Vec::new()),
        }
    }

    /// The fragment for this route (with `#`).
    pub fn to_hash(&self) -> String {
        match self {
            Route::Analyse => "#/".into(),
            Route::Flow(link) => {
                let q = link.to_query();
                if q.is_empty() {
                    "#/flow".into()
                } else {
                    format!("#/flow?{q}")
                }
            }
            Route::Setup(q) if q.is_empty() => "#/setup".into(),
            Route::Setup(q) => format!("#/setup?{q}"),
            Route::Guide { symptom, search } => {
                let mut hash = match symptom {
                    Some(id) => format!("#/guide/{id}"),
                    None => "#/guide".into(),
                };
                if !search.is_empty() {
                    hash.push_str("?q=");
                    hash.push_str(&ftp_explorer::percent::encode(search, |b| {
                        b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~')
                    }));
                }
                hash
            }
        }
    }

    /// The tab this route belongs to.
    pub fn tab(&self) -> Tab {
        match self {
            Route::Analyse => Tab::Analyse,
            Route::Flow(_) => Tab::Flow,
            Route::Setup(_) => Tab::Setup,
            Route::Guide { .. } => Tab::Guide,
        }
    }
}

/// Put a view's state in the URL without a new history entry (and without a `hashchange`, so the shell
/// does not re-create the view).
pub fn replace(route: &Route) {
    let hash = route.to_hash();
    super::memory::remember_view(route.tab(), &hash);
    let Some(w) = web_sys::window() else { return };
    if w.location().hash().ok().as_deref() != Some(hash.as_str()) {
        if let Ok(h) = w.history() {
            let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
        }
    }
}
