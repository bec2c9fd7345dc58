//! A tiny static file server for the browser tests: serves a built site's
//! folder on 127.0.0.1, as a plain static host would (no compression, no
//! rewriting), optionally under a sub-path (`/sub/`).

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::thread;

/// A running server; it lives as long as the test process.
pub struct StaticServer {
    /// `http://127.0.0.1:PORT/` plus the sub-path: the site's root URL.
    pub url: String,
}

impl StaticServer {
    /// Serves `dir` at `prefix` (`/` or `/sub/`) on a free port.
    pub fn start(dir: &Path, prefix: &str) -> StaticServer {
        assert!(prefix.starts_with('/') && prefix.ends_with('/'));
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let dir = dir.to_path_buf();
        let prefix = prefix.to_string();
        let url = format!("http://127.0.0.1:{port}{prefix}");
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (dir, prefix) = (dir.clone(), prefix.clone());
                thread::spawn(move || {
                    let _ = handle(stream, &dir, &prefix);
                });
            }
        });
        StaticServer { url }
    }
}

fn handle(mut stream: TcpStream, dir: &Path, prefix: &str) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    // Skip the headers.
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line)? == 0 || line == "\r\n" || line == "\n" {
            break;
        }
    }
    let mut parts = request.split_whitespace();
    let method = parts.next().unwrap_or("");
    let target = parts.next().unwrap_or("/");
    let path = percent_decode(target.split(['?', '#']).next().unwrap_or("/"));
    let file = path
        .strip_prefix(prefix)
        .filter(|rel| !rel.split('/').any(|s| s == ".."))
        .map(|rel| {
            let mut f: PathBuf = dir.join(rel);
            if f.is_dir() {
                f = f.join("index.html");
            }
            f
        });
    let (status, body, kind) = match file.as_ref().map(std::fs::read) {
        Some(Ok(bytes)) if method == "GET" || method == "HEAD" => {
            ("200 OK", bytes, content_type(file.as_ref().unwrap()))
        }
        Some(Ok(_)) => ("405 Method Not Allowed", Vec::new(), "text/plain"),
        _ => (
            "404 Not Found",
            b"not found".to_vec(),
            "text/plain; charset=utf-8",
        ),
    };
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes())?;
    if method != "HEAD" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        // Scripts (and module scripts) load only with a JavaScript type.
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "pdf" => "application/pdf",
        "csv" => "text/csv; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// `%E5%81%9C` → 停: URLs may percent-encode their Chinese.
pub fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
