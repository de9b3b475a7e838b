//! Hugo's `qr`: a QR code drawn at build time as an inline SVG (no image file, no network).

use super::RenderContext;
use super::markup::html_block;
use super::safe::class_list;
use crate::html::{escape_attr, escape_text};
use crate::shortcode::Shortcode;
use qrcode::{Color, EcLevel, QrCode};

/// The quiet zone around the code, in modules, as the QR standard asks.
const QUIET_ZONE: usize = 4;

/// `qr`: `text` (or the body), `level` (low, medium, quartile, high), `scale` (pixels per
/// module), `alt`, `title`, `class`, `id`.
pub(super) fn qr(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
    let at = sc.open.start;
    let text = match sc.params.text("text", usize::MAX) {
        Some(text) => text.into_owned(),
        None => sc
            .inner_source(ctx.source())
            .unwrap_or_default()
            .trim()
            .to_string(),
    };
    if text.is_empty() {
        ctx.error(at, "qr: nothing to encode (give `text` or a body)");
        return;
    }
    let level = match sc.params.text("level", usize::MAX).as_deref() {
        None | Some("medium") => EcLevel::M,
        Some("low") => EcLevel::L,
        Some("quartile") => EcLevel::Q,
        Some("high") => EcLevel::H,
        Some(other) => {
            ctx.error(
                at,
                format!("qr: level {other:?} is not one of low, medium, quartile, high"),
            );
            return;
        }
    };
    let scale = match sc
        .params
        .named("scale")
        .map(|s| s.as_text().parse::<usize>())
    {
        None => 4,
        Some(Ok(scale)) if (1..=32).contains(&scale) => scale,
        Some(_) => {
            ctx.warn(
                at,
                "qr: `scale` must be a whole number from 1 to 32; using 4",
            );
            4
        }
    };
    let code = match QrCode::with_error_correction_level(text.as_bytes(), level) {
        Ok(code) => code,
        Err(error) => {
            ctx.error(at, format!("qr: cannot encode the text: {error}"));
            return;
        }
    };
    let param = |key: &str| sc.params.named(key).map(|v| v.as_text().into_owned());
    let label = param("alt").unwrap_or_else(|| format!("QR code: {text}"));
    let mut attributes = String::new();
    if let Some(class) = param("class") {
        attributes.push_str(&format!(" {}", class_list(&class)));
    }
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"hugo-qr-code{}\"",
        attributes.trim_end()
    );
    if let Some(id) = param("id") {
        svg.push_str(&format!(" id=\"{}\"", escape_attr(&id)));
    }
    let title = param("title").unwrap_or_else(|| label.clone());
    svg.push_str(&draw(&code, scale, &label, &title));
    html_block(out, &format!("<div class=\"hugo-qr\">\n{svg}\n</div>"));
}

/// The rest of the `<svg>` element: size, label, white background, one path of modules.
fn draw(code: &QrCode, scale: usize, label: &str, title: &str) -> String {
    let width = code.width();
    let size = width + 2 * QUIET_ZONE;
    let colors = code.to_colors();
    let mut path = String::new();
    for y in 0..width {
        let mut x = 0;
        while x < width {
            if colors[y * width + x] != Color::Dark {
                x += 1;
                continue;
            }
            let start = x;
            while x < width && colors[y * width + x] == Color::Dark {
                x += 1;
            }
            let run = x - start;
            path.push_str(&format!(
                "M{} {}h{run}v1h-{run}z",
                start + QUIET_ZONE,
                y + QUIET_ZONE
            ));
        }
    }
    let pixels = size * scale;
    format!(
        " width=\"{pixels}\" height=\"{pixels}\" viewBox=\"0 0 {size} {size}\" role=\"img\" aria-label=\"{}\" shape-rendering=\"crispEdges\"><title>{}</title><rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        escape_attr(label),
        escape_text(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_every_dark_module() {
        let code = QrCode::with_error_correction_level(b"https://example.org", EcLevel::M).unwrap();
        let svg = draw(&code, 2, "QR", "QR");
        let dark = code
            .to_colors()
            .iter()
            .filter(|c| **c == Color::Dark)
            .count();
        let drawn: usize = svg
            .split("h")
            .skip(1)
            .filter_map(|s| s.split('v').next()?.parse::<usize>().ok())
            .sum();
        assert_eq!(dark, drawn);
        assert!(svg.contains("viewBox=\"0 0 33 33\""), "{svg}");
    }
}
