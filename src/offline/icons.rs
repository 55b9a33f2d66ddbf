//! The install icons, made at build time from one square PNG: the theme's
//! `icon.png`, or the site's own (`offline.icon`). Browsers want a 192 px and a
//! 512 px icon, and a "maskable" one whose picture stays inside the circle a phone
//! may cut it to (the middle 80 %), on a background of the theme's colour.

use std::collections::HashMap;
use std::sync::{Mutex, OnceLock};

use crate::paths::ICONS;

/// The smallest source accepted: the largest icon is made from it, never enlarged.
pub const MIN_SOURCE: u32 = 512;

/// Part of the maskable icon's side the picture takes, centred.
const MASKABLE_PICTURE: f32 = 0.8;

/// Icon sets made in this process, by source hash and background.
type Made = HashMap<(String, String), Vec<Vec<u8>>>;

/// An image as 8-bit RGBA rows.
#[derive(Clone)]
struct Rgba {
    width: u32,
    height: u32,
    pixels: Vec<u8>,
}

/// Each icon of [`ICONS`] with its PNG bytes, made from `source` (PNG bytes); the
/// maskable one is laid on `background` (`#rrggbb`). An error says what is wrong with
/// the source, in words for its author.
pub fn make(source: &[u8], background: &str) -> Result<Vec<(&'static str, Vec<u8>)>, String> {
    // A test run builds hundreds of sites from the same icon: make each set once.
    static MADE: OnceLock<Mutex<Made>> = OnceLock::new();
    let key = (crate::output::content_hash(source), background.to_string());
    let made = MADE.get_or_init(Default::default);
    if let Some(icons) = made.lock().unwrap_or_else(|p| p.into_inner()).get(&key) {
        return Ok(ICONS
            .iter()
            .map(|i| i.0)
            .zip(icons.iter().cloned())
            .collect());
    }
    let image = decode(source)?;
    if image.width != image.height {
        return Err(format!(
            "the icon is {}×{} pixels; it must be square",
            image.width, image.height
        ));
    }
    if image.width < MIN_SOURCE {
        return Err(format!(
            "the icon is {0}×{0} pixels; it must be at least {MIN_SOURCE}×{MIN_SOURCE}",
            image.width
        ));
    }
    let fill = parse_colour(background).unwrap_or([255, 255, 255]);
    let icons: Vec<Vec<u8>> = ICONS
        .iter()
        .map(|&(_, size, maskable)| {
            let image = if maskable {
                on_background(&image, size, fill)
            } else {
                resize(&image, size)
            };
            encode(&image)
        })
        .collect();
    made.lock()
        .unwrap_or_else(|p| p.into_inner())
        .insert(key, icons.clone());
    Ok(ICONS.iter().map(|i| i.0).zip(icons).collect())
}

/// Reads a PNG of any colour type and depth as 8-bit RGBA.
fn decode(bytes: &[u8]) -> Result<Rgba, String> {
    let not_png =
        |e: png::DecodingError| format!("the icon is not a PNG image that can be read ({e})");
    let mut decoder = png::Decoder::new(std::io::Cursor::new(bytes));
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder.read_info().map_err(not_png)?;
    let (width, height) = reader.info().size();
    // A header claiming a huge image must not make the build allocate for it.
    if u64::from(width) * u64::from(height) > 4096 * 4096 {
        return Err(format!(
            "the icon is {width}×{height} pixels; use one of at most 4096×4096"
        ));
    }
    let mut buffer = vec![0; reader.output_buffer_size().ok_or("the icon is too large")?];
    let info = reader.next_frame(&mut buffer).map_err(not_png)?;
    buffer.truncate(info.buffer_size());
    let pixels: Vec<u8> = match info.color_type {
        png::ColorType::Rgba => buffer,
        png::ColorType::Rgb => buffer
            .chunks_exact(3)
            .flat_map(|p| [p[0], p[1], p[2], 255])
            .collect(),
        png::ColorType::GrayscaleAlpha => buffer
            .chunks_exact(2)
            .flat_map(|p| [p[0], p[0], p[0], p[1]])
            .collect(),
        png::ColorType::Grayscale => buffer.iter().flat_map(|&g| [g, g, g, 255]).collect(),
        png::ColorType::Indexed => return Err("the icon's palette could not be read".into()),
    };
    Ok(Rgba {
        width,
        height,
        pixels,
    })
}

/// `image` scaled to `size`×`size` by averaging the source pixels each target pixel
/// covers (with alpha weighting, so transparent pixels lend no colour to edges).
fn resize(image: &Rgba, size: u32) -> Rgba {
    if image.width == size && image.height == size {
        return image.clone();
    }
    let scale = image.width as f32 / size as f32;
    let columns: Vec<(u32, u32)> = (0..size).map(|x| span(x, scale, image.width)).collect();
    let mut pixels = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        let (y0, y1) = span(y, scale, image.height);
        for &(x0, x1) in &columns {
            // Colour times alpha, and alpha, summed over the covered pixels.
            let mut sum = [0u64; 4];
            for sy in y0..y1 {
                let row = (sy * image.width) as usize * 4;
                for px in image.pixels[row + x0 as usize * 4..row + x1 as usize * 4].chunks_exact(4)
                {
                    let a = u64::from(px[3]);
                    sum[0] += u64::from(px[0]) * a;
                    sum[1] += u64::from(px[1]) * a;
                    sum[2] += u64::from(px[2]) * a;
                    sum[3] += a;
                }
            }
            let count = u64::from((y1 - y0) * (x1 - x0));
            for c in &sum[..3] {
                pixels.push((c + sum[3] / 2).checked_div(sum[3]).unwrap_or(0) as u8);
            }
            pixels.push(((sum[3] + count / 2) / count) as u8);
        }
    }
    Rgba {
        width: size,
        height: size,
        pixels,
    }
}

/// The source pixels target pixel `i` covers at `scale`, at least one.
fn span(i: u32, scale: f32, limit: u32) -> (u32, u32) {
    let start = ((i as f32 * scale).floor() as u32).min(limit - 1);
    let end = (((i + 1) as f32 * scale).ceil() as u32).clamp(start + 1, limit);
    (start, end)
}

/// The maskable icon: `image` scaled into the middle of a `size` square of `fill`.
fn on_background(image: &Rgba, size: u32, fill: [u8; 3]) -> Rgba {
    let inner = (size as f32 * MASKABLE_PICTURE).round() as u32;
    let picture = resize(image, inner);
    let offset = (size - inner) / 2;
    let mut pixels = Vec::with_capacity((size * size * 4) as usize);
    for y in 0..size {
        for x in 0..size {
            let inside =
                (offset..offset + inner).contains(&x) && (offset..offset + inner).contains(&y);
            let mut out = [fill[0], fill[1], fill[2], 255];
            if inside {
                let i = (((y - offset) * inner + (x - offset)) * 4) as usize;
                let a = picture.pixels[i + 3] as f32 / 255.0;
                for c in 0..3 {
                    out[c] = (picture.pixels[i + c] as f32 * a + fill[c] as f32 * (1.0 - a)).round()
                        as u8;
                }
            }
            pixels.extend_from_slice(&out);
        }
    }
    Rgba {
        width: size,
        height: size,
        pixels,
    }
}

fn encode(image: &Rgba) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, image.width, image.height);
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Balanced);
    // Writing to a Vec cannot fail for an image of the size given.
    if let Ok(mut writer) = encoder.write_header() {
        let _ = writer.write_image_data(&image.pixels);
    }
    out
}

/// `#rrggbb` or `#rgb` as three bytes.
pub fn parse_colour(text: &str) -> Option<[u8; 3]> {
    let hex = text.strip_prefix('#')?;
    let digits: Vec<u8> = match hex.len() {
        3 => hex
            .chars()
            .flat_map(|c| [c, c])
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?,
        6 => hex
            .chars()
            .map(|c| c.to_digit(16).map(|d| d as u8))
            .collect::<Option<_>>()?,
        _ => return None,
    };
    Some([
        digits[0] * 16 + digits[1],
        digits[2] * 16 + digits[3],
        digits[4] * 16 + digits[5],
    ])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_of(width: u32, height: u32, pixel: [u8; 4]) -> Vec<u8> {
        encode(&Rgba {
            width,
            height,
            pixels: pixel.repeat((width * height) as usize),
        })
    }

    #[test]
    fn icons_have_their_sizes_and_the_maskable_one_its_background() {
        let icons = make(&png_of(600, 600, [10, 20, 30, 255]), "#b4232a").unwrap();
        assert_eq!(icons.len(), ICONS.len());
        for ((path, bytes), (want, size, maskable)) in icons.iter().zip(ICONS) {
            assert_eq!(path, want);
            let image = decode(bytes).unwrap();
            assert_eq!((image.width, image.height), (*size, *size), "{path}");
            let corner = &image.pixels[..4];
            let middle = &image.pixels[((size / 2 * size + size / 2) * 4) as usize..][..4];
            assert_eq!(middle, [10, 20, 30, 255], "{path}");
            if *maskable {
                assert_eq!(corner, [0xb4, 0x23, 0x2a, 255], "{path}");
            } else {
                assert_eq!(corner, [10, 20, 30, 255], "{path}");
            }
        }
    }

    #[test]
    fn a_source_that_is_not_a_square_png_of_512_is_refused() {
        assert!(make(b"GIF89a", "#fff").unwrap_err().contains("not a PNG"));
        let wide = make(&png_of(600, 512, [0, 0, 0, 255]), "#fff").unwrap_err();
        assert!(
            wide.contains("600×512") && wide.contains("square"),
            "{wide}"
        );
        let small = make(&png_of(64, 64, [0, 0, 0, 255]), "#fff").unwrap_err();
        assert!(small.contains("at least 512×512"), "{small}");
    }

    #[test]
    fn transparent_pixels_lend_no_colour_when_scaled() {
        let mut pixels = Vec::new();
        for i in 0..4 {
            pixels.extend_from_slice(if i % 2 == 0 {
                &[255, 0, 0, 255]
            } else {
                &[0, 0, 255, 0]
            });
        }
        let image = Rgba {
            width: 2,
            height: 2,
            pixels,
        };
        let one = resize(&image, 1);
        assert_eq!(one.pixels, [255, 0, 0, 128]);
    }

    #[test]
    fn colours_are_read_in_both_forms() {
        assert_eq!(parse_colour("#b4232a"), Some([0xb4, 0x23, 0x2a]));
        assert_eq!(parse_colour("#fff"), Some([255, 255, 255]));
        assert_eq!(parse_colour("red"), None);
    }
}
