//! What the last build left (the site, or its problems) and the reload
//! signal: every build, good or bad, gets a new version number; the script
//! injected into served pages long-polls `/__munipub/version?since=N` and
//! reloads the page when the answer differs from the version it was served
//! with.
//!
//! Long-polling rather than Server-Sent Events: every response is one
//! request on one connection with a length ([`super::wire`]), and an
//! ordinary response that is simply answered late needs nothing special.
//! Versions start at the server's start time in milliseconds, so a page
//! left open across a restart of `munipub serve` reloads too.

use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::diag::Diagnostics;

/// The path under which the server answers for itself; no site page can
/// be there (slugs have no `_`).
pub const PREFIX: &str = "/__munipub/";

/// The browser side: polls, reloads on a new version, retries every second
/// while the server is away.
pub const SCRIPT: &str = r#"// munipub serve: reloads this page when the site has been rebuilt.
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "";
  function poll() {
    fetch("/__munipub/version?since=" + encodeURIComponent(version), { cache: "no-store" })
      .then(function (r) {
        if (!r.ok) { throw new Error("HTTP " + r.status); }
        return r.text();
      })
      .then(function (v) {
        if (v.trim() !== version) { location.reload(); } else { poll(); }
      })
      .catch(function () { setTimeout(poll, 1000); });
  }
  poll();
})();
"#;

/// The outcome of the last build, as the server shows it.
#[derive(Debug, Clone)]
pub struct Status {
    pub version: u64,
    /// `None` when the last build succeeded.
    pub errors: Option<Arc<Diagnostics>>,
    /// Where the site's pages are (`/`, or `/pub/` for a base_url with a path).
    pub base_path: String,
}

/// Shared between the build loop (writer) and the request threads.
#[derive(Debug)]
pub struct Reload {
    status: Mutex<Status>,
    changed: Condvar,
}

impl Default for Reload {
    fn default() -> Self {
        Self::new()
    }
}

impl Reload {
    pub fn new() -> Reload {
        let start = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_millis() as u64)
            .unwrap_or(1);
        Reload {
            status: Mutex::new(Status {
                version: start,
                errors: None,
                base_path: "/".into(),
            }),
            changed: Condvar::new(),
        }
    }

    /// Records a build's outcome and wakes every waiting browser.
    pub fn publish(&self, errors: Option<Diagnostics>, base_path: String) {
        let mut status = self.lock();
        status.version += 1;
        status.errors = errors.map(Arc::new);
        status.base_path = base_path;
        drop(status);
        self.changed.notify_all();
    }

    pub fn status(&self) -> Status {
        self.lock().clone()
    }

    /// The current version once it differs from `since`, or after `timeout`.
    pub fn wait_for_change(&self, since: u64, timeout: Duration) -> u64 {
        let deadline = Instant::now() + timeout;
        let mut status = self.lock();
        while status.version == since {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            status = match self.changed.wait_timeout(status, left) {
                Ok((s, _)) => s,
                Err(poisoned) => poisoned.into_inner().0,
            };
        }
        status.version
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Status> {
        // A panicked holder cannot leave a half-written Status behind.
        self.status.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// The `<script>` put into every served page.
pub fn script_tag(version: u64) -> String {
    format!("<script src=\"{PREFIX}reload.js\" data-version=\"{version}\"></script>")
}

/// `html` with the reload script before its last `</body>` (or at the end).
pub fn inject(html: &str, version: u64) -> String {
    let tag = script_tag(version);
    let at = html
        .to_ascii_lowercase()
        .rfind("</body>")
        .unwrap_or(html.len());
    let mut out = String::with_capacity(html.len() + tag.len() + 1);
    out.push_str(&html[..at]);
    out.push_str(&tag);
    out.push('\n');
    out.push_str(&html[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let html = "<html><body><p>前</p></BODY></html>";
        let out = inject(html, 7);
        assert!(out.starts_with("<html><body><p>前</p><script src=\"/__munipub/reload.js\""));
        assert!(out.ends_with("</script>\n</BODY></html>"));
        assert!(inject("<p>no body</p>", 1).starts_with("<p>no body</p><script"));
    }

    #[test]
    fn waiting_ends_on_a_new_build_or_the_timeout() {
        let reload = Arc::new(Reload::new());
        let v = reload.status().version;
        assert_eq!(reload.wait_for_change(v, Duration::from_millis(20)), v);
        assert_eq!(reload.wait_for_change(v - 1, Duration::from_secs(5)), v);
        let r = Arc::clone(&reload);
        let waiter = std::thread::spawn(move || r.wait_for_change(v, Duration::from_secs(10)));
        std::thread::sleep(Duration::from_millis(50));
        reload.publish(Some(Diagnostics::new()), "/pub/".into());
        assert_eq!(waiter.join().unwrap(), v + 1);
        let s = reload.status();
        assert!(s.errors.is_some());
        assert_eq!(s.base_path, "/pub/");
    }
}
