// Colour helpers: WCAG 2.x relative luminance and contrast, used to keep any bot colour readable.

/** [r, g, b] 0..255 from #rgb or #rrggbb; null when not a hex colour. */
export function parseHex(hex) {
  let h = (/^#([0-9a-f]{3}){1,2}$/i.exec(hex) || [])[0];
  if (!h) return null;
  if (h.length < 5) h = h.replace(/\w/g, '$&$&');
  return [1, 3, 5].map((i) => parseInt(h.slice(i, i + 2), 16));
}

export const toHex = (rgb) => '#' + rgb.map((c) => Math.round(Math.min(255, Math.max(0, c))).toString(16).padStart(2, '0')).join('');

/** WCAG relative luminance of an [r, g, b] colour. */
export function luminance(rgb) {
  const [r, g, b] = rgb.map((c) => (c /= 255) <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** Contrast ratio (1..21) of two hex colours. */
export function contrast(a, b) {
  const la = luminance(parseHex(a)), lb = luminance(parseHex(b));
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

/**
 * Black or white, whichever contrasts more with the background (always at least 4.58:1): black
 * wins exactly when (L + 0.05) / 0.05 >= 1.05 / (L + 0.05), that is when L >= 0.1791.
 */
export const textOn = (bg) => (luminance(parseHex(bg) || [0, 0, 0]) >= 0.1791 ? '#000' : '#fff');

/**
 * The colour moved towards black (or white on a dark surface) until it reaches `min` contrast
 * against the surface, for accent text, links and focus rings drawn on the panel background.
 */
export function readableAccent(color, surface = '#ffffff', min = 4.5) {
  const rgb = parseHex(color) || [79, 70, 229];
  const target = luminance(parseHex(surface)) > 0.18 ? 0 : 255;
  for (let t = 0; t <= 1.0001; t += 0.05) {
    const c = toHex(rgb.map((x) => x + (target - x) * t));
    if (contrast(c, surface) >= min) return c;
  }
  return target ? '#ffffff' : '#000000';
}
