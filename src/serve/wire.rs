//! HTTP/1.1 on the wire, as much as a local preview needs: one request per
//! connection (every response says `Connection: close`), GET and HEAD,
//! no request bodies. The request line and headers together may be at most
//! [`MAX_HEAD`] bytes (431 beyond), and a client has [`READ_TIMEOUT`] to
//! send them, so no request can make the server hold more than that much
//! memory or a thread for long. (tiny_http, used before, read headers of
//! any size: 20 requests with 50 MB headers took the preview to 1.65 GB.)

use std::fs::File;
use std::io::{self, Read, Write};
use std::time::Duration;

/// The most bytes of request line and headers read from one request.
pub const MAX_HEAD: usize = 16 * 1024;

/// How long a client may take to send its request head.
pub const READ_TIMEOUT: Duration = Duration::from_secs(10);

/// A request's line and headers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    /// The request target as sent (`/gazette/?q=1`).
    pub target: String,
    /// Header names in lower case, with their values trimmed.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first header called `name` (lower case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why no request could be read.
#[derive(Debug)]
pub enum ReadError {
    /// The head was longer than [`MAX_HEAD`]: answer 431.
    TooLarge,
    /// Not HTTP: answer 400.
    Malformed,
    /// The connection closed, failed or timed out: nothing to answer.
    Io(io::Error),
}

/// Reads one request head from `stream`.
pub fn read_request(stream: &mut impl Read) -> Result<Request, ReadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0u8; 2048];
    let end = loop {
        let n = stream.read(&mut chunk).map_err(ReadError::Io)?;
        if n == 0 {
            return Err(ReadError::Io(io::ErrorKind::UnexpectedEof.into()));
        }
        let from = head.len().saturating_sub(3);
        head.extend_from_slice(&chunk[..n]);
        if let Some(i) = find(&head[from..], b"\r\n\r\n") {
            break from + i;
        }
        if head.len() > MAX_HEAD {
            return Err(ReadError::TooLarge);
        }
    };
    if end > MAX_HEAD {
        return Err(ReadError::TooLarge);
    }
    parse(&head[..end]).ok_or(ReadError::Malformed)
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn parse(head: &[u8]) -> Option<Request> {
    let text = std::str::from_utf8(head).ok()?;
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let (method, target, version) = (first.next()?, first.next()?, first.next()?);
    if first.next().is_some() || !version.starts_with("HTTP/1.") || method.is_empty() {
        return None;
    }
    let headers = lines
        .map(|l| {
            let (name, value) = l.split_once(':')?;
            Some((name.trim().to_ascii_lowercase(), value.trim().to_string()))
        })
        .collect::<Option<Vec<_>>>()?;
    Some(Request {
        method: method.to_string(),
        target: target.to_string(),
        headers,
    })
}

/// A response's body.
pub enum Body {
    Bytes(Vec<u8>),
    /// A file streamed from disk, with its length.
    File(File, u64),
}

/// A response to write.
pub struct Response {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Body,
}

impl Response {
    pub fn new(status: u16, content_type: &str, body: Body) -> Response {
        Response {
            status,
            headers: vec![("Content-Type", content_type.to_string())],
            body,
        }
    }

    pub fn with_header(mut self, name: &'static str, value: impl Into<String>) -> Response {
        self.headers.push((name, value.into()));
        self
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        302 => "Found",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "",
    }
}

/// Writes `response` (its head only for a HEAD request) and ends the
/// exchange.
pub fn write_response(out: &mut impl Write, response: Response, head_only: bool) -> io::Result<()> {
    let len = match &response.body {
        Body::Bytes(b) => b.len() as u64,
        Body::File(_, len) => *len,
    };
    let mut head = format!(
        "HTTP/1.1 {} {}\r\n",
        response.status,
        reason(response.status)
    );
    for (name, value) in &response.headers {
        // Values are constants or built from checked, percent-encoded
        // paths; a line break would split the response, so none passes.
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "Content-Length: {len}\r\nConnection: close\r\n\r\n"
    ));
    out.write_all(head.as_bytes())?;
    if !head_only {
        match response.body {
            Body::Bytes(b) => out.write_all(&b)?,
            Body::File(mut f, len) => {
                io::copy(&mut (&mut f).take(len), out)?;
            }
        }
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_head_is_read() {
        let mut s: &[u8] =
            b"GET /gazette/?q=1 HTTP/1.1\r\nHost: localhost:8000\r\nX-A:  b \r\n\r\nBODY";
        let r = read_request(&mut s).unwrap();
        assert_eq!(r.method, "GET");
        assert_eq!(r.target, "/gazette/?q=1");
        assert_eq!(r.header("host"), Some("localhost:8000"));
        assert_eq!(r.header("x-a"), Some("b"));
    }

    #[test]
    fn a_huge_head_is_refused_after_reading_at_most_a_little_more_than_the_limit() {
        /// An endless header that counts what was read.
        struct Endless(usize);
        impl Read for Endless {
            fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
                let start = b"GET / HTTP/1.1\r\nX-Big: ";
                let n = buf.len();
                for (i, b) in buf.iter_mut().enumerate() {
                    *b = start.get(self.0 + i).copied().unwrap_or(b'a');
                }
                self.0 += n;
                Ok(n)
            }
        }
        let mut s = Endless(0);
        assert!(matches!(read_request(&mut s), Err(ReadError::TooLarge)));
        assert!(s.0 <= MAX_HEAD + 4096, "read {} bytes", s.0);
    }

    #[test]
    fn what_is_not_http_is_malformed() {
        for bad in [
            &b"\r\n\r\n"[..],
            b"GET\r\n\r\n",
            b"GET / FTP\r\n\r\n",
            b"GET / HTTP/1.1\r\nno colon\r\n\r\n",
        ] {
            let mut s = bad;
            assert!(
                matches!(read_request(&mut s), Err(ReadError::Malformed)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn responses_have_a_length_and_close() {
        let mut out = Vec::new();
        let r = Response::new(404, "text/plain", Body::Bytes(b"nope".to_vec()))
            .with_header("Location", "/a\r\nSet-Cookie: x");
        write_response(&mut out, r, false).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 404 Not Found\r\n"));
        assert!(text.contains("Content-Length: 4\r\nConnection: close\r\n\r\nnope"));
        assert!(
            !text.contains("\r\nSet-Cookie"),
            "no header can be split: {text}"
        );
        let mut out = Vec::new();
        write_response(
            &mut out,
            Response::new(200, "text/plain", Body::Bytes(b"x".to_vec())),
            true,
        )
        .unwrap();
        assert!(
            String::from_utf8(out)
                .unwrap()
                .ends_with("Content-Length: 1\r\nConnection: close\r\n\r\n")
        );
    }
}
