//! `munipub serve` as an editor uses it: a real process on a copy of the
//! valid fixture, real HTTP over 127.0.0.1 (a raw client, so that requests
//! reach the server exactly as written, `..` and all).

use crate::common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{TempSite, check, h1};

/// How long a build (and so a rebuild) may take on a slow CI machine.
const BUILD_TIMEOUT: Duration = Duration::from_secs(120);

const PERSONNEL: &str = "content/gazette/2026-11-15/02-personnel.md";
const PERSONNEL_URL: &str = "/gazette/2026-11-15/02-personnel/";
const RELOAD_SCRIPT: &str = "/__munipub/reload.js";

/// A running `munipub serve`, stopped when dropped.
struct Server {
    child: Child,
    /// `http://127.0.0.1:PORT/`, from the first line on stdout.
    url: String,
    port: u16,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    /// `munipub serve --root ROOT --port 0 --no-pdf` plus `extra`.
    fn start(root: &Path, extra: &[&str]) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_munipub"))
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(["--port", "0", "--no-pdf"])
            .args(extra)
            .env_remove("GITHUB_ACTIONS")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("munipub serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let sink = Arc::clone(&stderr);
        std::thread::spawn(move || {
            let mut line = String::new();
            while err.read_line(&mut line).unwrap_or(0) > 0 {
                sink.lock().unwrap().push_str(&line);
                line.clear();
            }
        });
        let (tx, rx) = mpsc::channel();
        let mut out = BufReader::new(child.stdout.take().unwrap());
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = out.read_line(&mut line);
            let _ = tx.send(line);
            // Keep draining, so that the server never blocks on stdout.
            let _ = std::io::copy(&mut out, &mut std::io::sink());
        });
        let mut server = Server {
            child,
            url: String::new(),
            port: 0,
            stderr,
        };
        let line = rx
            .recv_timeout(BUILD_TIMEOUT)
            .unwrap_or_else(|_| panic!("no `serving` line; stderr:\n{}", server.stderr()));
        let url = line
            .trim()
            .strip_prefix("serving ")
            .unwrap_or_else(|| panic!("first stdout line: {line:?}; stderr:\n{}", server.stderr()))
            .to_string();
        let port = url
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .unwrap_or_else(|| panic!("a port in {url}"));
        server.url = url;
        server.port = port;
        server
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// `GET target` as sent, byte for byte.
    fn get(&self, target: &str) -> Reply {
        self.request("GET", target, "127.0.0.1")
    }

    fn request(&self, method: &str, target: &str, host: &str) -> Reply {
        let reply = http(self.port, method, target, host);
        let stderr = self.stderr();
        assert!(!stderr.contains("panicked"), "munipub panicked:\n{stderr}");
        reply
    }

    /// Polls `target` until `done` holds for the reply.
    fn wait_for(&self, target: &str, what: &str, done: impl Fn(&Reply) -> bool) -> Reply {
        let start = Instant::now();
        loop {
            let reply = self.get(target);
            if done(&reply) {
                return reply;
            }
            assert!(
                start.elapsed() < BUILD_TIMEOUT,
                "timed out waiting for {what}; last reply {}:\n{}\nstderr:\n{}",
                reply.status,
                reply.text(),
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One HTTP response.
#[derive(Debug)]
struct Reply {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A raw HTTP/1.0 exchange (the server closes the connection after it).
fn http(port: u16, method: &str, target: &str, host: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).expect("the server accepts");
    stream
        .set_read_timeout(Some(Duration::from_secs(60)))
        .unwrap();
    write!(
        stream,
        "{method} {target} HTTP/1.0\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).expect("a whole response");
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no header end in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.lines();
    let status = lines
        .next()
        .and_then(|l| l.split(' ').nth(1))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("a status line in {head}"));
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect();
    Reply {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

fn is_error_page(r: &Reply) -> bool {
    r.status == 500 && r.text().contains("網站建置失敗")
}

#[test]
fn serves_the_site_rebuilds_on_change_and_shows_errors_until_fixed() {
    let site = TempSite::copy_of("valid");
    let server = Server::start(&site.root, &[]);
    assert!(
        server.url.starts_with("http://127.0.0.1:"),
        "serves on 127.0.0.1 by default: {}",
        server.url
    );

    // The page, with the reload script that is not in the file on disk.
    let page = server.get(PERSONNEL_URL);
    assert_eq!(page.status, 200, "{}", page.text());
    assert_eq!(
        page.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(h1(&page.text()), "本府人事任免令");
    assert!(page.text().contains(RELOAD_SCRIPT));
    let disk =
        std::fs::read_to_string(site.path("public/gazette/2026-11-15/02-personnel/index.html"))
            .unwrap();
    assert!(
        !disk.contains("__munipub"),
        "the file on disk has no reload script"
    );
    let served_without_script: String = page
        .text()
        .lines()
        .filter(|l| !l.contains(RELOAD_SCRIPT))
        .map(|l| format!("{l}\n"))
        .collect();
    let disk_lines: String = disk.lines().map(|l| format!("{l}\n")).collect();
    assert_eq!(
        served_without_script, disk_lines,
        "served = on disk + the script"
    );
    for url in ["/", "/gazette/", "/404.html"] {
        assert!(server.get(url).text().contains(RELOAD_SCRIPT), "{url}");
    }
    let script = server.get(RELOAD_SCRIPT);
    assert_eq!(script.status, 200);
    assert!(script.text().contains("location.reload()"));

    // A new title on disk: the page follows.
    let source = std::fs::read_to_string(site.path(PERSONNEL)).unwrap();
    site.write(
        PERSONNEL,
        source.replace("title: 本府人事任免令", "title: 本府人事任免令（更正）"),
    );
    server.wait_for(PERSONNEL_URL, "the new title", |r| {
        r.status == 200 && h1(&r.text()) == "本府人事任免令（更正）"
    });

    // Broken YAML: every page shows `check`'s messages instead.
    let broken = source.replace("category: 人事", "category: [人事");
    site.write(PERSONNEL, &broken);
    let expected = check(&site.root).only_error();
    assert_eq!(expected.file, PERSONNEL);
    let location = match expected.pos() {
        (0, _) => expected.file.clone(),
        (l, 0) => format!("{}:{l}", expected.file),
        (l, c) => format!("{}:{l}:{c}", expected.file),
    };
    assert!(expected.line.is_some(), "check names the line: {location}");
    let error = server.wait_for(PERSONNEL_URL, "the error page", is_error_page);
    let text = error.text();
    assert_eq!(
        error.header("Content-Type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        text.contains(&location),
        "the error page names {location}:\n{text}"
    );
    assert!(
        text.contains(RELOAD_SCRIPT),
        "the error page reloads itself too"
    );
    assert!(text.contains("lang=\"zh-Hant-TW\""));
    for other in ["/", "/directory/", "/no-such-page/"] {
        assert!(
            is_error_page(&server.get(other)),
            "{other} shows the errors too"
        );
    }
    assert_eq!(
        server.get("/static/style.css").status,
        200,
        "files other than pages are still served"
    );
    assert!(
        server.stderr().contains(&location),
        "the terminal shows the message too:\n{}",
        server.stderr()
    );

    // Fixed: the site is back by itself.
    site.write(PERSONNEL, &source);
    let back = server.wait_for(PERSONNEL_URL, "the site after the fix", |r| r.status == 200);
    assert_eq!(h1(&back.text()), "本府人事任免令");
}

#[test]
fn the_reload_endpoint_answers_a_new_version_after_a_build() {
    let site = TempSite::copy_of("valid");
    let server = Server::start(&site.root, &[]);
    // The build reads every source; reading is no change.
    std::thread::sleep(Duration::from_millis(1500));
    assert!(
        !server.stderr().contains("rebuilding"),
        "no rebuild without a change:\n{}",
        server.stderr()
    );
    let page = server.get("/").text();
    let version: u64 = page
        .split("data-version=\"")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .and_then(|v| v.parse().ok())
        .expect("the script carries the page's version");
    let now = server.get("/__munipub/version");
    assert_eq!(now.text().trim(), version.to_string());
    // An old version answers at once.
    let old = server.get(&format!("/__munipub/version?since={}", version - 1));
    assert_eq!(old.text().trim(), version.to_string());
    // The current one waits for the next build.
    let port = server.port;
    let waiting = std::thread::spawn(move || {
        http(
            port,
            "GET",
            &format!("/__munipub/version?since={version}"),
            "localhost",
        )
    });
    std::thread::sleep(Duration::from_millis(300));
    site.write(
        "content/pages/about.md",
        "---\ntitle: 關於本站\n---\n改過的內容。\n",
    );
    let reply = waiting.join().unwrap();
    let next: u64 = reply.text().trim().parse().unwrap();
    assert!(next > version, "{next} after {version}");
}

#[test]
fn requests_never_leave_the_output_folder() {
    let site = TempSite::copy_of("valid");
    const SECRET: &str = "SECRET-OUTSIDE-THE-SITE";
    site.write("secret.txt", SECRET);
    site.write(
        "site.yaml",
        format!(
            "{}# {SECRET}\n",
            std::fs::read_to_string(site.path("site.yaml")).unwrap()
        ),
    );
    std::fs::write(site.dir.join("Cargo.toml"), SECRET).unwrap();
    let server = Server::start(&site.root, &[]);
    assert_eq!(server.get("/").status, 200);
    #[cfg(unix)]
    {
        let public = site.path("public");
        std::os::unix::fs::symlink(site.path("secret.txt"), public.join("leak.txt")).unwrap();
        std::os::unix::fs::symlink(&site.root, public.join("up")).unwrap();
    }
    for target in [
        "/../secret.txt",
        "/../site.yaml",
        "/../../Cargo.toml",
        "/../../../../../../etc/passwd",
        "/gazette/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E/site.yaml",
        "/..%2fsecret.txt",
        "/..%2Fsite.yaml",
        "/%2e%2e%2fsecret.txt",
        "/%252e%252e/secret.txt",
        "/%252e%252e%252fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "/..\\site.yaml",
        "/%00/../secret.txt",
        "/index.html%00",
        "//etc/passwd",
        "/leak.txt",
        "/up/secret.txt",
        "/up/site.yaml",
    ] {
        let reply = server.get(target);
        assert_eq!(reply.status, 404, "{target}: {}", reply.text());
        assert!(!reply.text().contains(SECRET), "{target} leaked the file");
    }
    // The site's own 404 page, for a path that is simply not there.
    let missing = server.get("/no-such-page/");
    assert_eq!(missing.status, 404);
    assert!(missing.text().contains(RELOAD_SCRIPT));
    let on_disk = std::fs::read_to_string(site.path("public/404.html")).unwrap();
    assert!(
        missing
            .text()
            .starts_with(on_disk.split("</body>").next().unwrap())
    );

    // Only GET and HEAD.
    for method in ["POST", "PUT", "DELETE"] {
        assert_eq!(
            server.request(method, "/", "127.0.0.1").status,
            405,
            "{method}"
        );
    }
    let head = server.request("HEAD", "/", "127.0.0.1");
    assert_eq!(head.status, 200);
    assert!(head.body.is_empty(), "HEAD has no body");
    assert_eq!(
        head.header("Content-Length").and_then(|l| l.parse().ok()),
        Some(server.get("/").body.len())
    );
    // A name that is not this computer's (DNS rebinding) is refused.
    assert_eq!(server.request("GET", "/", "evil.example").status, 403);
    assert_eq!(server.request("GET", "/", "localhost").status, 200);
}

#[test]
fn content_types_folders_and_redirects() {
    let site = TempSite::copy_of("valid");
    let server = Server::start(&site.root, &["--out", "site-out"]);
    let public = site.path("site-out");
    assert!(public.join("index.html").is_file(), "--out is honoured");
    for (url, ty) in [
        ("/", "text/html; charset=utf-8"),
        ("/gazette/index.html", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        (
            "/static/directory-filter.js",
            "text/javascript; charset=utf-8",
        ),
        ("/gazette/index.json", "application/json"),
        ("/feeds/gazette.xml", "application/xml; charset=utf-8"),
        ("/sitemap.xml", "application/xml; charset=utf-8"),
        ("/robots.txt", "text/plain; charset=utf-8"),
        ("/gazette/documents.csv", "text/csv; charset=utf-8"),
    ] {
        let reply = server.get(url);
        assert_eq!(reply.status, 200, "{url}");
        assert_eq!(reply.header("Content-Type"), Some(ty), "{url}");
        if !ty.starts_with("text/html") {
            let rel = url.trim_start_matches('/');
            assert_eq!(
                reply.body,
                std::fs::read(public.join(rel)).unwrap(),
                "{url} as on disk"
            );
        }
    }
    // Every file of the output, by its extension.
    for (rel, _) in common::tree(&public) {
        let ext = rel.rsplit('.').next().unwrap_or_default();
        let expected = match ext {
            "png" => "image/png",
            "svg" => "image/svg+xml",
            "pdf" => "application/pdf",
            "zip" => "application/zip",
            "ods" => "application/vnd.oasis.opendocument.spreadsheet",
            "bin" => "application/octet-stream",
            _ => continue,
        };
        let url: String = rel
            .split('/')
            .map(|s| {
                s.bytes()
                    .map(|b| {
                        if b.is_ascii_alphanumeric() || b"-._".contains(&b) {
                            (b as char).to_string()
                        } else {
                            format!("%{b:02X}")
                        }
                    })
                    .collect::<String>()
            })
            .collect::<Vec<_>>()
            .join("/");
        let reply = server.get(&format!("/{url}"));
        assert_eq!(reply.status, 200, "{rel}");
        assert_eq!(reply.header("Content-Type"), Some(expected), "{rel}");
    }
    let redirect = server.get("/gazette");
    assert_eq!(redirect.status, 302);
    assert_eq!(redirect.header("Location"), Some("/gazette/"));
    assert_eq!(server.get("/gazette/").status, 200);
    assert_eq!(
        server.get("/gazette/2026-11-15").header("Location"),
        Some("/gazette/2026-11-15/")
    );
}

#[test]
fn huge_request_headers_are_refused_without_holding_the_memory() {
    let site = TempSite::copy_of("valid");
    let server = Server::start(&site.root, &[]);
    let rss = || {
        let status = std::fs::read_to_string(format!("/proc/{}/status", server.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next()?.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let before = rss();
    let header = format!("X-Big: {}\r\n", "a".repeat(1 << 20));
    let mut answered = Vec::new();
    for _ in 0..20 {
        let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        let _ = write!(stream, "GET / HTTP/1.1\r\nHost: localhost\r\n");
        // The server stops reading after its limit and answers; writing
        // the rest may then fail, which is the point.
        for _ in 0..50 {
            if stream.write_all(header.as_bytes()).is_err() {
                break;
            }
        }
        let mut raw = Vec::new();
        let _ = stream.read_to_end(&mut raw);
        answered.push(
            String::from_utf8_lossy(&raw)
                .lines()
                .next()
                .unwrap_or("")
                .to_string(),
        );
    }
    assert!(
        answered.iter().all(|l| l.starts_with("HTTP/1.1 431")),
        "every request with a 50 MB header gets 431: {answered:?}"
    );
    let grown_kb = rss().saturating_sub(before);
    assert!(grown_kb < 64 * 1024, "the server grew by {grown_kb} KB");
    assert_eq!(server.get("/").status, 200, "and still serves the site");
}
