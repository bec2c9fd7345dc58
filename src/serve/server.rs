//! Answering requests: the site's files from the output folder (with the
//! reload script in HTML), the error page while the build is broken, and
//! the server's own `/__munipub/` endpoints. Only GET and HEAD.
//!
//! One thread per request: a long-poll waits for the next build, and a
//! preview has a handful of visitors at most; past [`MAX_ACTIVE`] requests
//! in flight, further ones get 503 at once.

use std::fs::File;
use std::net::{IpAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use super::error_page;
use super::http::{self, Target};
use super::mime;
use super::reload::{self, Reload};
use super::wire::{self, Body, ReadError, Request, Response};

const MAX_ACTIVE: usize = 64;

/// How long a `/__munipub/version` request waits for a build.
const LONG_POLL: Duration = Duration::from_secs(20);

/// What every request thread shares.
pub struct Site {
    /// The site's root, for the source lines on the error page.
    pub root: PathBuf,
    pub out: PathBuf,
    pub reload: Arc<Reload>,
    /// The address listened on; on a loopback address only requests for a
    /// local host name are answered.
    pub bind: IpAddr,
}

/// Accepts connections until the listener fails.
pub fn run(listener: TcpListener, site: Arc<Site>) {
    let active = Arc::new(AtomicUsize::new(0));
    for stream in listener.incoming() {
        let mut stream = match stream {
            Ok(s) => s,
            Err(e) => {
                eprintln!("warning: a connection failed: {e}");
                continue;
            }
        };
        if active.load(Ordering::SeqCst) >= MAX_ACTIVE {
            let _ =
                wire::write_response(&mut stream, text(503, "too many requests in flight"), false);
            continue;
        }
        active.fetch_add(1, Ordering::SeqCst);
        let (site, done) = (Arc::clone(&site), Arc::clone(&active));
        let spawned = std::thread::Builder::new()
            .name("munipub-request".into())
            .spawn(move || {
                exchange(&site, stream);
                done.fetch_sub(1, Ordering::SeqCst);
            });
        if let Err(e) = spawned {
            active.fetch_sub(1, Ordering::SeqCst);
            eprintln!("warning: cannot answer a request: {e}");
        }
    }
}

/// Reads one request from `stream`, answers it and closes the connection.
fn exchange(site: &Site, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(wire::READ_TIMEOUT));
    let (response, head_only) = match wire::read_request(&mut stream) {
        Ok(request) => (answer(site, &request), request.method == "HEAD"),
        Err(ReadError::TooLarge) => (text(431, "request headers too large"), false),
        Err(ReadError::Malformed) => (text(400, "bad request"), false),
        Err(ReadError::Io(_)) => return,
    };
    let _ = wire::write_response(&mut stream, response, head_only);
}

fn answer(site: &Site, request: &Request) -> Response {
    if !matches!(request.method.as_str(), "GET" | "HEAD") {
        return text(405, "only GET and HEAD").with_header("Allow", "GET, HEAD");
    }
    if !host_allowed(site.bind, request) {
        return text(403, "this preview answers only to localhost");
    }
    let url = request.target.as_str();
    if let Some(rest) = url.strip_prefix(reload::PREFIX) {
        return own_endpoint(site, rest);
    }
    let status = site.reload.status();
    let target = http::resolve(&site.out, &status.base_path, url);
    if let Some(errors) = &status.errors {
        let html_request = match &target {
            Target::File(p) => mime::is_html(p),
            Target::NotFound => true,
            Target::Redirect(_) => false,
        };
        if html_request {
            return html(500, &error_page::render(errors, &site.root), status.version);
        }
    }
    match target {
        Target::File(path) => file(200, &path, status.version),
        Target::Redirect(to) => text(302, &format!("see {to}")).with_header("Location", to),
        Target::NotFound => match http::not_found_page(&site.out) {
            Some(page) => file(404, &page, status.version),
            None => text(404, "not found"),
        },
    }
}

/// `/__munipub/reload.js` and `/__munipub/version?since=N`.
fn own_endpoint(site: &Site, rest: &str) -> Response {
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    match path {
        "reload.js" => bytes(
            200,
            reload::SCRIPT.as_bytes().to_vec(),
            "text/javascript; charset=utf-8",
        ),
        "version" => {
            let since = query
                .split('&')
                .find_map(|kv| kv.strip_prefix("since="))
                .and_then(|v| v.parse::<u64>().ok());
            let version = match since {
                Some(v) => site.reload.wait_for_change(v, LONG_POLL),
                None => site.reload.status().version,
            };
            text(200, &version.to_string())
        }
        _ => text(404, "not found"),
    }
}

/// A file of the output: HTML read and given the reload script, anything
/// else streamed from disk.
fn file(code: u16, path: &Path, version: u64) -> Response {
    let ty = mime::content_type(path);
    if ty == mime::HTML {
        return match std::fs::read(path) {
            Ok(b) => html(code, &String::from_utf8_lossy(&b), version),
            Err(_) => text(404, "not found"),
        };
    }
    let Some((f, len)) = File::open(path)
        .ok()
        .and_then(|f| Some((f.metadata().ok()?.len(), f)))
        .map(|(len, f)| (f, len))
    else {
        return text(404, "not found");
    };
    respond(code, ty, Body::File(f, len))
}

fn html(code: u16, page: &str, version: u64) -> Response {
    bytes(code, reload::inject(page, version).into_bytes(), mime::HTML)
}

fn text(code: u16, body: &str) -> Response {
    bytes(
        code,
        format!("{body}\n").into_bytes(),
        "text/plain; charset=utf-8",
    )
}

fn bytes(code: u16, body: Vec<u8>, ty: &str) -> Response {
    respond(code, ty, Body::Bytes(body))
}

fn respond(code: u16, ty: &str, body: Body) -> Response {
    Response::new(code, ty, body)
        // A preview changes under the browser: never reuse a stale copy.
        .with_header("Cache-Control", "no-store")
        .with_header("X-Content-Type-Options", "nosniff")
}

/// On a loopback address, only `localhost`, `127.0.0.1` and `[::1]` (with
/// any port): a web page elsewhere cannot reach the preview through a name
/// of its own that resolves here (DNS rebinding). On other addresses
/// (`--bind`), any host name.
fn host_allowed(bind: IpAddr, request: &Request) -> bool {
    if !bind.is_loopback() {
        return true;
    }
    let Some(host) = request.header("host").map(str::to_ascii_lowercase) else {
        return true; // HTTP/1.0 without Host
    };
    local_host_name(&host)
}

fn local_host_name(host: &str) -> bool {
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or_default()
    } else {
        host.rsplit_once(':').map_or(host, |(h, _)| h)
    };
    name == "localhost"
        || name.ends_with(".localhost")
        || name.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_host_names() {
        for h in [
            "localhost",
            "localhost:8000",
            "127.0.0.1:8000",
            "127.0.0.2",
            "[::1]:8000",
            "site.localhost:1",
        ] {
            assert!(local_host_name(h), "{h}");
        }
        for h in [
            "evil.example",
            "evil.example:8000",
            "10.0.0.1:8000",
            "localhost.evil.example",
        ] {
            assert!(!local_host_name(h), "{h}");
        }
    }
}
