import jsQRModule from 'jsqr';
import sharp from 'sharp';
import type { Locator } from 'playwright-core';

// jsqr is CommonJS with an ES-style default: under NodeNext the function is its `default`.
const jsQR = jsQRModule.default;

/**
 * What a phone camera would read from the QR code shown in `element`: the element is photographed as
 * rendered (SVG or canvas, at the page's pixel ratio), with a white margin, and decoded. Throws when
 * nothing can be read, so a blank or broken code fails the journey instead of passing unseen.
 */
export async function scanQr(element: Locator): Promise<string> {
  const png = await element.screenshot();
  const { data, info } = await sharp(png)
    .extend({ top: 24, bottom: 24, left: 24, right: 24, background: '#ffffff' })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  const found = jsQR(new Uint8ClampedArray(data.buffer, data.byteOffset, data.byteLength), info.width, info.height);
  if (!found) throw new Error('no QR code could be read from the element');
  return found.data;
}
