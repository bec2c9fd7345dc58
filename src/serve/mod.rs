//! `munipub serve`: build, serve the output folder over HTTP, rebuild when
//! a source changes and reload the open pages.
//!
//! - [`http`]: request target → file inside the output folder (the
//!   traversal checks); [`mime`]: content types.
//! - [`server`]: answering requests, a thread each, over [`wire`]: HTTP/1.1
//!   as much as a preview needs, with a bound on request heads — a local
//!   preview for one editor needs threads and blocking files, not an async
//!   runtime's weight in build time and dependencies.
//! - [`watch`]: notify on `content/`, `themes/` and `site.yaml`, debounced.
//! - [`reload`]: the last build's outcome, its version number and the
//!   script injected into served pages (never into the files on disk: the
//!   output stays exactly what `munipub build` writes).
//! - [`error_page`]: what HTML requests get while the content has errors.
//!
//! The build itself is passed in (`cli::serve` passes `munipub build`'s),
//! so that this module knows nothing of rendering.

pub mod error_page;
pub mod http;
pub mod mime;
pub mod reload;
pub mod server;
pub mod watch;
pub mod wire;

use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::Deserialize;

use crate::diag::Diagnostics;
use reload::Reload;

/// Where to serve what.
#[derive(Debug, Clone)]
pub struct Config {
    /// The site's root (holding `site.yaml`).
    pub root: PathBuf,
    /// The output folder, relative to the root (or absolute).
    pub out: PathBuf,
    pub addr: SocketAddr,
}

/// Why the preview server cannot run.
#[derive(Debug)]
pub enum ServeError {
    /// The site folder cannot be opened.
    Root {
        path: PathBuf,
        error: std::io::Error,
    },
    /// The address cannot be listened on (in use, not allowed).
    Listen {
        addr: SocketAddr,
        error: std::io::Error,
    },
    /// The address listened on cannot be learnt.
    Address {
        addr: SocketAddr,
        error: std::io::Error,
    },
    /// A folder cannot be watched for changes.
    Watch { path: PathBuf, error: notify::Error },
    /// The server's thread cannot be started.
    Thread(std::io::Error),
    /// The watcher stopped sending changes.
    WatchingStopped,
}

impl std::fmt::Display for ServeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ServeError::Root { path, error } => {
                write!(f, "cannot open the site folder {}: {error}", path.display())
            }
            ServeError::Listen { addr, error } => write!(
                f,
                "cannot listen on {addr}: {error}; try another port with --port N, or --port 0 for any free one"
            ),
            ServeError::Address { addr, error } => write!(f, "cannot listen on {addr}: {error}"),
            ServeError::Watch { path, error } => {
                write!(f, "cannot watch {} for changes: {error}", path.display())
            }
            ServeError::Thread(error) => write!(f, "cannot start the server: {error}"),
            ServeError::WatchingStopped => write!(f, "watching for changes stopped"),
        }
    }
}

impl std::error::Error for ServeError {}

/// Binds, builds, serves and rebuilds until the process is stopped.
/// `build` runs one build and reports it; `ready` gets the site's address
/// once the first build is done and requests are answered. Returns only on
/// a setup failure (address in use, no such folder) or when watching ends.
pub fn run(
    config: &Config,
    mut build: impl FnMut() -> Result<(), Diagnostics>,
    ready: impl FnOnce(&str),
) -> Result<(), ServeError> {
    let root = config
        .root
        .canonicalize()
        .map_err(|error| ServeError::Root {
            path: config.root.clone(),
            error,
        })?;
    let out = root.join(&config.out);
    let listener = TcpListener::bind(config.addr).map_err(|error| ServeError::Listen {
        addr: config.addr,
        error,
    })?;
    let addr = listener.local_addr().map_err(|error| ServeError::Address {
        addr: config.addr,
        error,
    })?;

    let (mut watch, changes) = watch::Watch::start(&root, &out)?;

    let reload = Arc::new(Reload::new());
    reload.publish(build().err(), base_path(&root));

    let site = Arc::new(server::Site {
        root: config.root.clone(),
        out,
        reload: Arc::clone(&reload),
        bind: addr.ip(),
    });
    std::thread::Builder::new()
        .name("munipub-http".into())
        .spawn(move || server::run(listener, site))
        .map_err(ServeError::Thread)?;
    ready(&format!("http://{addr}{}", base_path(&root)));

    // Changes made during a build are the next batch.
    while let Some(changed) = changes.next_batch() {
        watch.refresh();
        eprintln!("{}: rebuilding", describe(&changed));
        reload.publish(build().err(), base_path(&root));
    }
    Err(ServeError::WatchingStopped)
}

/// `content/a.md changed` or `3 files changed`.
fn describe(changed: &[PathBuf]) -> String {
    match changed {
        [one] => format!("{} changed", one.to_string_lossy().replace('\\', "/")),
        many => format!("{} files changed", many.len()),
    }
}

/// Where the pages are served: the path of site.yaml's `base_url` (`/` or
/// `/pub/`), so that the links of a site deployed under a sub-path work in
/// the preview without building it differently.
pub fn base_path(root: &Path) -> String {
    #[derive(Deserialize)]
    struct BaseUrl {
        base_url: String,
    }
    let url = std::fs::read_to_string(root.join("site.yaml"))
        .ok()
        .and_then(|text| serde_yaml::from_str::<BaseUrl>(&text).ok())
        .and_then(|s| crate::content::normalise_base_url(&s.base_url).ok());
    let Some(url) = url else {
        return "/".into();
    };
    let after_scheme = url.split_once("://").map_or(url.as_str(), |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => after_scheme[i..].to_string(),
        None => "/".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_path_from_site_yaml() {
        let dir = std::env::temp_dir().join(format!("munipub-serve-base-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        assert_eq!(base_path(&dir), "/", "no site.yaml");
        std::fs::write(
            dir.join("site.yaml"),
            "title: 出版品\nbase_url: https://www.example.gov.tw/pub\n",
        )
        .unwrap();
        assert_eq!(base_path(&dir), "/pub/");
        std::fs::write(
            dir.join("site.yaml"),
            "title: x\nbase_url: https://www.example.gov.tw\n",
        )
        .unwrap();
        assert_eq!(base_path(&dir), "/");
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn what_changed() {
        assert_eq!(
            describe(&[PathBuf::from("content/a.md")]),
            "content/a.md changed"
        );
        assert_eq!(
            describe(&[PathBuf::from("a"), PathBuf::from("b")]),
            "2 files changed"
        );
    }
}
