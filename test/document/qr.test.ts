import QRCode from 'qrcode';
import { describe, expect, it } from 'vitest';
import { MIN_MODULE_MM, QUIET_ZONE, qrSymbol } from '../../src/document/qr.js';
import { mm } from '../../src/document/units.js';

describe('qrSymbol', () => {
  const url = 'https://zwgk.county.example/gbds/xzxk-01.html';
  const symbol = qrSymbol(url, 22, 'M');

  it('is one path whose rectangles cover exactly the dark modules', () => {
    const qr = QRCode.create(url, { errorCorrectionLevel: 'M' });
    const dark = new Set<string>();
    for (const rect of symbol.path.matchAll(/M(\d+) (\d+)h(\d+)v1h-(\d+)z/g)) {
      expect(rect[4]).toBe(rect[3]);
      const x0 = Number(rect[1]) - QUIET_ZONE;
      const y = Number(rect[2]) - QUIET_ZONE;
      const w = Number(rect[3]);
      for (let x = x0; x < x0 + w; x++) dark.add(`${x},${y}`);
    }
    let expected = 0;
    for (let y = 0; y < qr.modules.size; y++) {
      for (let x = 0; x < qr.modules.size; x++) {
        if (qr.modules.data[y * qr.modules.size + x]) {
          expected++;
          expect(dark.has(`${x},${y}`), `${x},${y}`).toBe(true);
        }
      }
    }
    expect(dark.size).toBe(expected);
  });

  it('includes a 4-module quiet zone and is at least the asked size', () => {
    expect(symbol.size).toBeCloseTo(mm(22), 5);
    expect(symbol.module * (symbol.modules + 2 * QUIET_ZONE)).toBeCloseTo(symbol.size, 9);
    expect(symbol.path.startsWith(`M${QUIET_ZONE} ${QUIET_ZONE}h`)).toBe(true);
  });

  it('grows rather than print modules below 0.4 mm', () => {
    const long = qrSymbol(`https://zwgk.county.example/${'x'.repeat(200)}`, 20, 'M');
    expect(long.module).toBeGreaterThanOrEqual(mm(MIN_MODULE_MM) - 1e-9);
    expect(long.size).toBeGreaterThan(mm(20));
  });
});
