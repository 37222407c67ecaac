//! QR codes of the join address: as SVG for the console, as text for the terminal.

use qrcodegen::{QrCode, QrCodeEcc};

fn encode(text: &str) -> Option<QrCode> {
    QrCode::encode_text(text, QrCodeEcc::Medium).ok()
}

/// An SVG drawing of the QR code of `text` (black on white, four modules of margin).
pub fn svg(text: &str) -> Option<String> {
    let qr = encode(text)?;
    let n = qr.size();
    let mut path = String::new();
    for y in 0..n {
        for x in 0..n {
            if qr.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + 4, y + 4));
            }
        }
    }
    let side = n + 8;
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" shape-rendering=\"crispEdges\">\
         <rect width=\"100%\" height=\"100%\" fill=\"#fff\"/><path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

/// The QR code of `text` in half-block characters, two modules a line, dark on a light terminal
/// or light on a dark one alike (the quiet zone is drawn).
pub fn terminal(text: &str) -> Option<String> {
    let qr = encode(text)?;
    let n = qr.size();
    let dark = |x: i32, y: i32| x >= 0 && y >= 0 && x < n && y < n && qr.get_module(x, y);
    let mut out = String::new();
    let mut y = -2;
    while y < n + 2 {
        for x in -2..n + 2 {
            // Light modules are drawn as blocks, so the code reads on a dark terminal.
            out.push(match (!dark(x, y), !dark(x, y + 1)) {
                (true, true) => '█',
                (true, false) => '▀',
                (false, true) => '▄',
                (false, false) => ' ',
            });
        }
        out.push('\n');
        y += 2;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn join_addresses_encode() {
        let s = svg("http://192.168.1.20:8080/?join=ABC234").unwrap_or_default();
        assert!(s.starts_with("<svg") && s.contains("<path"));
        assert!(terminal("http://192.168.1.20:8080/").is_some_and(|t| t.lines().count() > 10));
    }
}
