//! Hugo's image processing as far as templates can see it: the size an image would have.
//!
//! mdbook-hugo does not process images. `.Resize`, `.Fill`, `.Fit`, `.Crop`, `.Process`,
//! `.Filter` and `images.Filter` return an image whose file is the original, but whose
//! `.Width` and `.Height` are the pixel dimensions Hugo 0.168 would produce, so the
//! `width=`/`height=` a template writes equal Hugo's (the browser scales the original).
//! Format, quality, anchor, resampling filter and colour changes are parsed and ignored.
//!
//! The rules follow Hugo's `resources/images/config.go` (`DecodeImageConfig`: the
//! processing specification) and `image.go`/`filters.go`, and the bounds of the `gift`
//! filters Hugo applies (`Resize`, `ResizeToFill`, `ResizeToFit`, `CropToSize`, `Rotate`).

use crate::template::{Object, Value};
use std::sync::Arc;

/// The four processing actions of a specification (`"fill 300x200"`), Hugo's `Actions`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Action {
    /// `.Resize`: one or both sides; a missing side keeps the ratio.
    Resize,
    /// `.Fill`: resize and crop to exactly the box.
    Fill,
    /// `.Fit`: scale down, keeping the ratio, to fit inside the box (never up).
    Fit,
    /// `.Crop`: cut the box out without resizing (no larger than the image).
    Crop,
}

impl Action {
    fn from_name(name: &str) -> Option<Action> {
        Some(match name {
            "resize" => Action::Resize,
            "fill" => Action::Fill,
            "fit" => Action::Fit,
            "crop" => Action::Crop,
            _ => return None,
        })
    }
}

/// What a specification asks that changes the size: the action, the box (0 = not
/// given) and the rotation in degrees counter-clockwise.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct Spec {
    pub action: Option<Action>,
    pub width: u32,
    pub height: u32,
    pub rotate: i64,
}

/// Hugo's anchors (`Center`, `TopLeft` … and `Smart`), lowercased.
const ANCHORS: &[&str] = &[
    "center",
    "topleft",
    "top",
    "topright",
    "left",
    "right",
    "bottomleft",
    "bottom",
    "bottomright",
    "smart",
];

/// Hugo's resampling filters, lowercased.
const FILTERS: &[&str] = &[
    "nearestneighbor",
    "box",
    "linear",
    "hermite",
    "mitchellnetravali",
    "catmullrom",
    "bspline",
    "gaussian",
    "lanczos",
    "hann",
    "hamming",
    "blackman",
    "bartlett",
    "welch",
    "cosine",
];

/// Hugo's encoding hints, lowercased.
const HINTS: &[&str] = &["picture", "photo", "drawing", "icon", "text"];

/// Target formats by extension (Hugo's `imageFormats`).
const FORMATS: &[&str] = &[
    "jpg", "jpeg", "jpe", "jif", "jfif", "png", "gif", "tif", "tiff", "bmp", "webp",
];

/// Parses a processing specification as Hugo's `DecodeImageConfig` does: fields separated
/// by spaces, case-insensitive; `action` is the method's (`None` for `.Process`, where the
/// first field may name one). Errors are Hugo's messages.
pub(super) fn parse_spec(action: Option<Action>, spec: &str) -> Result<Spec, String> {
    let mut out = Spec {
        action,
        ..Spec::default()
    };
    for part in spec.split_whitespace().map(str::to_lowercase) {
        let part = part.as_str();
        if let (None, Some(a)) = (action, Action::from_name(part)) {
            out.action = Some(a);
        } else if ANCHORS.contains(&part) || FILTERS.contains(&part) || HINTS.contains(&part) {
        } else if let Some(hex) = part.strip_prefix('#') {
            check_hex(hex)?;
        } else if let Some(q) = part.strip_prefix('q') {
            let q: i64 = q.parse().map_err(|e| int_error(q, e))?;
            if !(1..=100).contains(&q) {
                return Err("quality ranges from 1 to 100 inclusive".to_string());
            }
        } else if let Some(r) = part.strip_prefix('r') {
            out.rotate = r.parse().map_err(|e| int_error(r, e))?;
        } else if part.contains('x') {
            let sides: Vec<&str> = part.split('x').collect();
            if sides.len() > 2 {
                return Err("invalid image dimensions".to_string());
            }
            out.width = side(sides[0])?;
            out.height = side(sides[1])?;
        } else if !FORMATS.contains(&part) {
            return Err(format!("unrecognized image option {part:?}"));
        }
    }
    match out.action {
        Some(Action::Fill | Action::Fit | Action::Crop) if out.width == 0 || out.height == 0 => {
            Err("must provide Width and Height".to_string())
        }
        Some(Action::Resize) if out.width == 0 && out.height == 0 => {
            Err("must provide Width or Height".to_string())
        }
        _ => Ok(out),
    }
}

fn side(text: &str) -> Result<u32, String> {
    if text.is_empty() {
        return Ok(0);
    }
    text.parse().map_err(|e| int_error(text, e))
}

fn int_error(text: &str, e: impl std::fmt::Display) -> String {
    format!("strconv.Atoi: parsing {text:?}: {e}")
}

fn check_hex(hex: &str) -> Result<(), String> {
    let ok = matches!(hex.len(), 3 | 4 | 6 | 8) && hex.chars().all(|c| c.is_ascii_hexdigit());
    if ok {
        Ok(())
    } else {
        Err(format!("invalid color code: {hex:?}"))
    }
}

/// The size of a `width`×`height` image after `spec`, as Hugo's filters bound it:
/// rotation first (90° and 270° swap the sides; other angles are not supported here),
/// then the action.
pub(super) fn processed_size(spec: &Spec, (w, h): (u32, u32)) -> Result<(u32, u32), String> {
    let (w, h) = match spec.rotate.rem_euclid(360) {
        0 | 180 => (w, h),
        90 | 270 => (h, w),
        other => {
            return Err(format!(
                "rotation by {other} degrees: mdbook-hugo computes sizes for multiples of 90 only"
            ));
        }
    };
    let (bw, bh) = (spec.width, spec.height);
    Ok(match spec.action {
        None => (w, h),
        Some(Action::Fill) => (bw, bh),
        Some(Action::Crop) => crop((bw, bh), (w, h)),
        Some(Action::Resize) => resize((bw, bh), (w, h)),
        Some(Action::Fit) => fit((bw, bh), (w, h)),
    })
}

/// gift's `Resize` bounds: a zero side follows the ratio, rounded half up, at least 1.
fn resize((bw, bh): (u32, u32), (w, h): (u32, u32)) -> (u32, u32) {
    let scaled = |a: u32, num: u32, den: u32| {
        (f64::from(a) * f64::from(num) / f64::from(den) + 0.5)
            .floor()
            .max(1.0) as u32
    };
    match (bw, bh) {
        (0, bh) => (scaled(bh, w, h), bh),
        (bw, 0) => (bw, scaled(bw, h, w)),
        box_ => box_,
    }
}

/// Hugo's crop box: a box larger than the image on both sides shrinks, keeping its ratio,
/// until one side equals the image's (the other rounded down); otherwise each side is at
/// most the image's (gift's `CropToSize`). Measured with Hugo 0.168: a 333×217 image
/// cropped to 400x300 is 289×217, to 400x100 is 333×100.
fn crop((bw, bh): (u32, u32), (w, h): (u32, u32)) -> (u32, u32) {
    if bw <= w || bh <= h {
        return (bw.min(w), bh.min(h));
    }
    let (bw64, bh64, w64, h64) = (u64::from(bw), u64::from(bh), u64::from(w), u64::from(h));
    if w64 * bh64 <= h64 * bw64 {
        (w, (bh64 * w64 / bw64) as u32)
    } else {
        ((bw64 * h64 / bh64) as u32, h)
    }
}

/// gift's `ResizeToFit` bounds: no upscaling; the side with the larger ratio fills the
/// box, the other is rounded half up.
fn fit((bw, bh): (u32, u32), (w, h): (u32, u32)) -> (u32, u32) {
    if w <= bw && h <= bh {
        return (w, h);
    }
    let wratio = f64::from(w) / f64::from(bw);
    let hratio = f64::from(h) / f64::from(bh);
    let round = |x: f64| ((x + 0.5) as u32).max(1);
    if wratio > hratio {
        (bw, round(f64::from(h) / wratio))
    } else {
        (round(f64::from(w) / hratio), bh)
    }
}

/// An image filter value (`images.Grayscale`, `images.Process "resize 300x"` …): how it
/// changes the size; the pixels are not changed.
#[derive(Debug)]
pub(super) struct Filter {
    name: String,
    effect: Effect,
}

#[derive(Debug)]
enum Effect {
    /// Colour, blur, overlay, text …: the size stays.
    Keep,
    /// `images.Process SPEC`.
    Process(Spec),
    /// `images.Padding`: pixels added (top, right, bottom, left).
    Pad([u32; 4]),
}

impl Filter {
    /// The size of a `size` image after this filter.
    pub(super) fn apply(&self, size: (u32, u32)) -> Result<(u32, u32), String> {
        match &self.effect {
            Effect::Keep => Ok(size),
            Effect::Process(spec) => processed_size(spec, size),
            Effect::Pad([t, r, b, l]) => {
                let side = |n: u32, a: u32, b: u32| n.checked_add(a)?.checked_add(b);
                side(size.0, *l, *r)
                    .zip(side(size.1, *t, *b))
                    .ok_or_else(|| "images.Padding: the padded image is too large".to_string())
            }
        }
    }
}

impl Object for Filter {
    fn type_name(&self) -> &str {
        "gift.Filter"
    }

    fn field(&self, _name: &str) -> Option<Value> {
        None
    }

    fn display(&self) -> String {
        format!("images.{}", self.name)
    }

    fn as_any(&self) -> Option<&dyn std::any::Any> {
        Some(self)
    }
}

/// Filters that keep the size, with the least number of arguments Hugo requires.
const KEEPING: &[(&str, usize)] = &[
    ("AutoOrient", 0),
    ("Brightness", 1),
    ("ColorBalance", 3),
    ("Colorize", 3),
    ("Contrast", 1),
    ("Dither", 0),
    ("Gamma", 1),
    ("GaussianBlur", 1),
    ("Grayscale", 0),
    ("Hue", 1),
    ("Invert", 0),
    ("Mask", 1),
    ("Opacity", 1),
    ("Overlay", 3),
    ("Pixelate", 1),
    ("Saturation", 1),
    ("Sepia", 1),
    ("Sigmoid", 2),
    ("Text", 1),
    ("UnsharpMask", 3),
];

/// The `images.NAME` filter constructors (`None` for a name Hugo does not have, or that
/// is not a filter: `images.Filter` and `images.Config` are the host's).
pub(super) fn filter(name: &str, args: &[Value]) -> Option<Result<Value, String>> {
    let effect = match name {
        "Process" => {
            let spec = args.first().map(Value::to_go_string).unwrap_or_default();
            parse_spec(None, &spec).map(Effect::Process)
        }
        "Padding" => padding(args).map(Effect::Pad),
        _ => {
            let (_, least) = KEEPING.iter().find(|(n, _)| *n == name)?;
            if args.len() < *least {
                Err(format!(
                    "wrong number of args for {name}: want {least} got {}",
                    args.len()
                ))
            } else {
                Ok(Effect::Keep)
            }
        }
    };
    Some(effect.map(|effect| {
        Value::Object(Arc::new(Filter {
            name: name.to_string(),
            effect,
        }))
    }))
}

/// `images.Padding V1 [V2 [V3 [V4]]] [COLOR]`: CSS's shorthand order (top, right,
/// bottom, left), as Hugo's `Padding` reads it.
fn padding(args: &[Value]) -> Result<[u32; 4], String> {
    let numbers: Vec<u32> = args
        .iter()
        .take_while(|a| a.is_number() || a.as_str().is_some_and(|s| s.parse::<u32>().is_ok()))
        .map(|a| {
            a.as_f64()
                .or_else(|| a.as_str().and_then(|s| s.parse().ok()))
                .unwrap_or(0.0) as u32
        })
        .collect();
    Ok(match numbers[..] {
        [a] => [a, a, a, a],
        [v, h] => [v, h, v, h],
        [t, h, b] => [t, h, b, h],
        [t, r, b, l] => [t, r, b, l],
        _ => {
            return Err(format!(
                "images.Padding takes 1 to 4 sides and a colour, got {} sides",
                numbers.len()
            ));
        }
    })
}

/// The filters in `args` (each a filter or a slice of them), in order.
pub(super) fn filters_of(args: &[Value]) -> Result<Vec<Value>, String> {
    let mut out = Vec::new();
    for arg in args {
        match arg {
            Value::List(list) => out.extend(filters_of(list)?),
            Value::Object(o) if as_filter(o.as_ref()).is_some() => out.push(arg.clone()),
            other => return Err(format!("{} is not an image filter", other.type_name())),
        }
    }
    Ok(out)
}

fn as_filter(o: &dyn Object) -> Option<&Filter> {
    o.as_any()?.downcast_ref::<Filter>()
}

/// The size after each filter of `filters` (from [`filters_of`]) in turn.
pub(super) fn filtered_size(filters: &[Value], size: (u32, u32)) -> Result<(u32, u32), String> {
    filters.iter().try_fold(size, |size, f| match f {
        Value::Object(o) => as_filter(o.as_ref()).map_or(Ok(size), |f| f.apply(size)),
        _ => Ok(size),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn size(action: Option<Action>, spec: &str, w: u32, h: u32) -> (u32, u32) {
        processed_size(&parse_spec(action, spec).unwrap(), (w, h)).unwrap()
    }

    #[test]
    fn specifications_parse_as_hugo_reads_them() {
        let s = parse_spec(None, "Resize 600x webp q80 Center r90").unwrap();
        assert_eq!(s.action, Some(Action::Resize));
        assert_eq!((s.width, s.height, s.rotate), (600, 0, 90));
        assert_eq!(
            parse_spec(Some(Action::Fill), "300x").unwrap_err(),
            "must provide Width and Height"
        );
        assert_eq!(
            parse_spec(Some(Action::Resize), "webp").unwrap_err(),
            "must provide Width or Height"
        );
        assert!(parse_spec(Some(Action::Resize), "600x q0").is_err());
        assert!(parse_spec(Some(Action::Resize), "1x2x3").is_err());
        assert!(parse_spec(Some(Action::Resize), "600x bogus").is_err());
        assert!(parse_spec(Some(Action::Resize), "600x #fff Lanczos photo").is_ok());
    }

    #[test]
    fn sizes_follow_the_gift_bounds() {
        // 1600×1200 (4:3)
        assert_eq!(size(Some(Action::Resize), "600x", 1600, 1200), (600, 450));
        assert_eq!(size(Some(Action::Resize), "x400", 1600, 1200), (533, 400));
        assert_eq!(
            size(Some(Action::Resize), "300x200", 1600, 1200),
            (300, 200)
        );
        assert_eq!(size(Some(Action::Fit), "300x300", 1600, 1200), (300, 225));
        assert_eq!(
            size(Some(Action::Fit), "3000x3000", 1600, 1200),
            (1600, 1200)
        );
        assert_eq!(size(Some(Action::Fill), "300x300", 1600, 1200), (300, 300));
        assert_eq!(
            size(Some(Action::Crop), "2000x300", 1600, 1200),
            (1600, 300)
        );
        // A box larger on both sides keeps its ratio (Hugo 0.168 on a 333×217 image).
        assert_eq!(size(Some(Action::Crop), "400x300", 333, 217), (289, 217));
        assert_eq!(size(Some(Action::Crop), "340x1000", 333, 217), (73, 217));
        assert_eq!(size(Some(Action::Crop), "1000x220", 333, 217), (333, 73));
        assert_eq!(size(None, "resize 600x r90", 1600, 1200), (600, 800));
        assert_eq!(size(None, "webp", 1600, 1200), (1600, 1200));
    }

    #[test]
    fn filters_change_the_size_as_hugo_s_do() {
        let pad = filter("Padding", &[Value::Int(10), Value::Int(20)])
            .unwrap()
            .unwrap();
        let gray = filter("Grayscale", &[]).unwrap().unwrap();
        let process = filter("Process", &[Value::from("fit 100x100")])
            .unwrap()
            .unwrap();
        let list = filters_of(&[Value::List(Arc::new(vec![gray, process])), pad]).unwrap();
        assert_eq!(filtered_size(&list, (400, 200)), Ok((140, 70)));
        let huge = filter("Padding", &[Value::Int(4_000_000_000)])
            .unwrap()
            .unwrap();
        assert!(filtered_size(&filters_of(&[huge]).unwrap(), (400, 200)).is_err());
        assert!(filter("Brightness", &[]).unwrap().is_err());
        assert!(filter("Nope", &[]).is_none());
        assert!(filters_of(&[Value::from("x")]).is_err());
    }
}
