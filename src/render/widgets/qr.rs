//! Hugo's `qr`: a QR code drawn at build time as an inline SVG (no image file, no network).

use super::markup::html_block;
use crate::html::{escape_attr, escape_text};
use crate::render::RenderContext;
use crate::render::safe::class_list;
use crate::shortcode::Shortcode;
use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// `qr`: `text` (or the body), `level` (low, medium, quartile, high), `scale` (pixels per
/// module), `alt`, `title`, `class`, `id`.
pub(crate) fn qr(ctx: &mut RenderContext<'_>, sc: &Shortcode<'_>, out: &mut String) {
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

/// The rest of the `<svg>` element, drawn by the `qrcode` crate's own SVG renderer (white
/// background, the standard quiet zone, `scale` pixels per module), with the label and
/// title added for screen readers.
fn draw(code: &QrCode, scale: usize, label: &str, title: &str) -> String {
    let scale = u32::try_from(scale).unwrap_or(4);
    let svg = code
        .render::<svg::Color<'_>>()
        .quiet_zone(true)
        .module_dimensions(scale, scale)
        .dark_color(svg::Color("#000"))
        .light_color(svg::Color("#fff"))
        .build();
    let svg = svg
        .split_once("<svg")
        .map_or(svg.as_str(), |(_, rest)| rest);
    let svg = svg
        .strip_prefix(" xmlns=\"http://www.w3.org/2000/svg\"")
        .unwrap_or(svg);
    let (attributes, body) = svg.split_once('>').unwrap_or((svg, ""));
    format!(
        "{attributes} role=\"img\" aria-label=\"{}\"><title>{}</title>{body}",
        escape_attr(label),
        escape_text(title)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn draws_the_code_with_its_label() {
        let code = QrCode::with_error_correction_level(b"https://example.org", EcLevel::M).unwrap();
        let svg = draw(&code, 2, "QR <x>", "QR");
        // 25 modules and a quiet zone of 4 on each side, 2 pixels each.
        assert!(svg.contains("width=\"66\" height=\"66\""), "{svg}");
        assert!(
            svg.contains("aria-label=\"QR &lt;x&gt;\"><title>QR</title><rect"),
            "{svg}"
        );
        assert!(svg.ends_with("</svg>"), "{svg}");
        assert!(!svg.contains("<?xml"), "{svg}");
    }
}
