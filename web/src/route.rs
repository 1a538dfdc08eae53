//! The URL contract: which view the fragment names, and its state. Fragments never reach a server.
//!
//! - `#/` or `#log=…`: decode and check (a `#log=` fragment carries a shared text, see [`ftp_explorer::share`]);
//! - `#/flow?key=value&…`: the connection-flow explorer, its scenario read by [`FlowLink::from_query`];
//! - `#/flow?replay=N[&side=2][&step=S][&present=1]`: the flow view replaying session N of the capture
//!   held in memory (the second capture's with `side=2`); the capture itself is never in the URL;
//! - `#/setup?…`: the server-setup generator; `#/guide` or `#/guide/SYMPTOM`: the troubleshooting guide,
//!   with `?q=TEXT` when its search box holds a text.
//!
//! Each view's last URL is remembered for the navigation tabs ([`super::memory::remember_view`]).

use ftp_explorer::scenario::FlowLink;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    Analyse,
    Flow(Box<FlowLink>),
    Replay(Replay),
    Setup(String),
    Guide {
        symptom: Option<String>,
        search: String,
    },
}

/// A capture's session replayed in the flow view: which one (1-based), of which capture (1 or 2), and
/// the view's own state (the step, presenter mode).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Replay {
    pub session: usize,
    pub side: usize,
    pub step: usize,
    pub present: bool,
}

impl Replay {
    /// Read from a `#/flow?…` query that holds `replay=`; None when it holds none.
    fn from_query(query: &str) -> Option<Replay> {
        let mut r = Replay {
            side: 1,
            ..Replay::default()
        };
        let mut found = false;
        for (k, v) in query.split('&').filter_map(|p| p.split_once('=')) {
            let n = v.parse::<usize>().ok();
            match k {
                "replay" => {
                    found = true;
                    r.session = n.unwrap_or(0).max(1);
                }
                "side" => r.side = n.unwrap_or(1).clamp(1, 2),
                "step" => r.step = n.unwrap_or(0),
                "present" => r.present = v == "1",
                _ => {}
            }
        }
        found.then_some(r)
    }
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
            "/flow" if Replay::from_query(query).is_some() => (
                Route::Replay(Replay::from_query(query).unwrap_or_default()),
                Vec::new(),
            ),
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
            Route::Replay(r) => {
                let mut h = format!("#/flow?replay={}", r.session);
                if r.side == 2 {
                    h.push_str("&side=2");
                }
                if r.step > 0 {
                    h.push_str(&format!("&step={}", r.step));
                }
                if r.present {
                    h.push_str("&present=1");
                }
                h
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
            Route::Flow(_) | Route::Replay(_) => Tab::Flow,
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
