//! The web app the server sends: the files of web/dist, built into the binary (`zeren-dist`
//! prepared them: the WebAssembly packed as LZMA, the first load named by content, every text
//! file with its gzip and brotli forms beside it), or read from `--dist DIR` at each request for
//! authors who rebuild it.
//!
//! Each response is the file's brotli or gzip form when the browser accepts it (`Accept-Encoding`,
//! `Vary: Accept-Encoding`), with a strong `ETag` per form and `304 Not Modified` when the browser
//! already has it (`If-None-Match`). A file named by its content (`NAME.0123456789.EXT`) never
//! changes: browsers may keep it for a year without asking (`immutable`); every other file
//! (index.html, the built-ins, the worker) is revalidated at each visit (`no-cache`).

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// web/dist as it was when this binary was built (nothing when it had not been built then).
#[derive(rust_embed::Embed)]
#[folder = "../../web/dist"]
#[allow_missing = true]
struct Embedded;

/// Where the served files come from.
#[derive(Clone, Debug)]
pub enum WebApp {
    /// The files built into the binary.
    Embedded,
    /// A directory, read at each request (`--dist DIR`).
    Directory(PathBuf),
}

/// One encoding of a file, as sent.
struct Form {
    bytes: Cow<'static, [u8]>,
    encoding: Option<&'static str>,
}

impl WebApp {
    /// The built-in app, or `dist` when given.
    pub fn new(dist: Option<PathBuf>) -> WebApp {
        dist.map_or(WebApp::Embedded, WebApp::Directory)
    }

    /// Whether there is an app to serve (its index.html).
    pub fn present(&self) -> bool {
        self.read("index.html").is_some()
    }

    /// Where the app comes from, for the terminal.
    pub fn describe(&self) -> String {
        match self {
            WebApp::Embedded => "内置 / built in".to_owned(),
            WebApp::Directory(d) => d.display().to_string(),
        }
    }

    fn read(&self, name: &str) -> Option<Cow<'static, [u8]>> {
        match self {
            WebApp::Embedded => Embedded::get(name).map(|f| f.data),
            WebApp::Directory(root) => read_plain_file(root, name).map(Cow::Owned),
        }
    }

    /// The response to a GET (or HEAD) of `path`, given the request's headers.
    pub fn respond(&self, path: &str, request: &HeaderMap) -> Response {
        let name = match path.trim_start_matches('/') {
            "" => "index.html",
            n => n,
        };
        // Precompressed forms are chosen by negotiation, not asked for by name.
        let hidden = name.ends_with(".gz") || name.ends_with(".br");
        let Some(raw) = (!hidden).then(|| self.read(name)).flatten() else {
            return not_found(self.present());
        };
        let accepted = |coding| accepts(request, coding);
        let form = [("br", "br"), ("gz", "gzip")]
            .into_iter()
            .find_map(|(ext, coding)| {
                accepted(coding)
                    .then(|| self.read(&format!("{name}.{ext}")))
                    .flatten()
                    .map(|bytes| Form {
                        bytes,
                        encoding: Some(coding),
                    })
            })
            .unwrap_or(Form {
                bytes: raw,
                encoding: None,
            });
        let etag = etag(&form);
        let mut headers = HeaderMap::new();
        headers.insert(header::ETAG, etag.clone());
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache_control(name)));
        if self.read(&format!("{name}.gz")).is_some() || self.read(&format!("{name}.br")).is_some() {
            headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
        }
        if matches_etag(request, &etag) {
            return (StatusCode::NOT_MODIFIED, headers).into_response();
        }
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type(name)));
        if let Some(coding) = form.encoding {
            headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(coding));
        }
        (StatusCode::OK, headers, form.bytes).into_response()
    }
}

/// A file under `root` by its served name: only plain names (no `..`, no absolute path), and no
/// symbolic link on the way (a link could lead out of the directory).
fn read_plain_file(root: &Path, name: &str) -> Option<Vec<u8>> {
    let rel = Path::new(name);
    if !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let mut path = root.to_path_buf();
    for part in rel.components() {
        path.push(part);
        if std::fs::symlink_metadata(&path).ok()?.file_type().is_symlink() {
            return None;
        }
    }
    std::fs::read(path).ok()
}

fn not_found(present: bool) -> Response {
    let text = if present {
        "未找到 / not found"
    } else {
        "这个 zeren 构建时没有包含网页应用：请使用发布包中的 zeren，或先运行 scripts/build-web 再构建；也可用 --dist 指定已构建的 web/dist。\n\
         This zeren was built without the web app: use the zeren of a release package, or run scripts/build-web before building it; or point --dist at a built web/dist."
    };
    (
        StatusCode::NOT_FOUND,
        [(header::CONTENT_TYPE, "text/plain; charset=utf-8")],
        text,
    )
        .into_response()
}

/// Whether the request accepts `coding` (`Accept-Encoding`, with its `q` weights; `q=0` refuses).
fn accepts(request: &HeaderMap, coding: &str) -> bool {
    let Some(list) = request.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let mut star = None;
    for item in list.split(',') {
        let mut parts = item.split(';');
        let name = parts.next().unwrap_or_default().trim();
        let q = parts
            .filter_map(|p| p.trim().strip_prefix("q=").or_else(|| p.trim().strip_prefix("Q=")))
            .find_map(|q| q.trim().parse::<f32>().ok())
            .unwrap_or(1.0);
        if name.eq_ignore_ascii_case(coding) {
            return q > 0.0;
        }
        if name == "*" {
            star = Some(q > 0.0);
        }
    }
    star.unwrap_or(false)
}

/// A strong validator of the form sent: its SHA-256, and its encoding.
fn etag(form: &Form) -> HeaderValue {
    let hash: String = Sha256::digest(&form.bytes)[..12]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let suffix = form.encoding.map(|c| format!("-{c}")).unwrap_or_default();
    HeaderValue::from_str(&format!("\"{hash}{suffix}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 §13.1.2 asks, or `*`).
fn matches_etag(request: &HeaderMap, etag: &HeaderValue) -> bool {
    let Some(list) = request.get(header::IF_NONE_MATCH).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    let ours = etag.to_str().unwrap_or_default();
    list.split(',')
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == ours)
}

/// `immutable` for a file named by its content (`zeren-dist` puts ten hex digits of its hash in
/// its name, `NAME.0123456789.EXT`); revalidation at every visit for the rest.
fn cache_control(name: &str) -> &'static str {
    let file = name.rsplit('/').next().unwrap_or(name);
    let named_by_content = file
        .split('.')
        .skip(1)
        .any(|part| part.len() == 10 && part.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)));
    if named_by_content {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    }
}

fn content_type(name: &str) -> &'static str {
    match name.rsplit('.').next().unwrap_or_default() {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "ts" | "toml" | "txt" | "md" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with(name: header::HeaderName, value: &str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            name,
            HeaderValue::from_str(value).unwrap_or(HeaderValue::from_static("")),
        );
        h
    }

    #[test]
    fn accept_encoding_is_read_with_its_weights() {
        let ae = |v| with(header::ACCEPT_ENCODING, v);
        assert!(accepts(&ae("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&ae("gzip, deflate"), "gzip"));
        assert!(!accepts(&ae("gzip, deflate"), "br"));
        assert!(!accepts(&ae("br;q=0, gzip"), "br"));
        assert!(!accepts(&ae("br; q=0.0"), "br"));
        assert!(accepts(&ae("BR;q=0.5"), "br"));
        assert!(accepts(&ae("*"), "br"));
        assert!(!accepts(&ae("*;q=0"), "gzip"));
        assert!(!accepts(&ae("gzip;q=0, *"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists_and_star() {
        let ours = HeaderValue::from_static("\"abc-br\"");
        let inm = |v| with(header::IF_NONE_MATCH, v);
        assert!(matches_etag(&inm("\"abc-br\""), &ours));
        assert!(matches_etag(&inm("W/\"abc-br\""), &ours));
        assert!(matches_etag(&inm("\"x\", \"abc-br\""), &ours));
        assert!(matches_etag(&inm("*"), &ours));
        assert!(!matches_etag(&inm("\"abc\""), &ours));
        assert!(!matches_etag(&HeaderMap::new(), &ours));
    }

    #[test]
    fn only_files_named_by_content_are_kept_for_good() {
        assert_eq!(
            cache_control("zeren-trainee_bg.cedfc1c5a5.wasm.lzma"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(
            cache_control("boot.609c820c16.js"),
            "public, max-age=31536000, immutable"
        );
        assert_eq!(cache_control("index.html"), "no-cache");
        assert_eq!(cache_control("builtins/index.json"), "no-cache");
        assert_eq!(cache_control("zeren.js"), "no-cache");
        assert_eq!(cache_control("a.0123456789x.js"), "no-cache");
    }

    #[test]
    fn a_directory_serves_plain_names_only_and_no_links() {
        let dir = std::env::temp_dir().join(format!("zeren-web-app-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).ok();
        std::fs::write(dir.join("index.html"), "<p>hi</p>").ok();
        std::fs::write(dir.join("index.html.gz"), "gz").ok();
        std::fs::write(dir.join("sub/a.json"), "{}").ok();
        #[cfg(unix)]
        let _ = std::os::unix::fs::symlink("/etc/passwd", dir.join("passwd"));
        let app = WebApp::Directory(dir.clone());
        let get = |p: &str, h: &HeaderMap| app.respond(p, h);
        let none = HeaderMap::new();
        assert_eq!(get("/", &none).status(), StatusCode::OK);
        assert_eq!(get("/sub/a.json", &none).status(), StatusCode::OK);
        assert_eq!(get("/../etc/passwd", &none).status(), StatusCode::NOT_FOUND);
        assert_eq!(get("/passwd", &none).status(), StatusCode::NOT_FOUND);
        assert_eq!(get("/index.html.gz", &none).status(), StatusCode::NOT_FOUND);
        let gz = get("/", &with(header::ACCEPT_ENCODING, "gzip"));
        assert_eq!(
            gz.headers().get(header::CONTENT_ENCODING).map(|v| v.as_bytes()),
            Some(&b"gzip"[..])
        );
        assert_eq!(
            gz.headers().get(header::VARY).map(|v| v.as_bytes()),
            Some(&b"Accept-Encoding"[..])
        );
        let tag = gz
            .headers()
            .get(header::ETAG)
            .cloned()
            .unwrap_or(HeaderValue::from_static(""));
        let mut again = with(header::ACCEPT_ENCODING, "gzip");
        again.insert(header::IF_NONE_MATCH, tag);
        assert_eq!(get("/", &again).status(), StatusCode::NOT_MODIFIED);
        // The same tag does not validate the plain form.
        let plain = get("/", &none);
        assert_ne!(plain.headers().get(header::ETAG), gz.headers().get(header::ETAG));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
