import type { Cmyk } from '../layout/theme.js';

/**
 * A theme colour (CMYK percentages, as printed) as the sRGB hex a browser
 * shows. The naive conversion is enough here: the web twin needs the theme's
 * look and, for contrast, its lightness, not a colour-managed proof.
 */
export function cmykToHex([c, m, y, k]: Cmyk): string {
  const channel = (v: number) =>
    Math.round(255 * (1 - v / 100) * (1 - k / 100))
      .toString(16)
      .padStart(2, '0');
  return `#${channel(c)}${channel(m)}${channel(y)}`;
}
