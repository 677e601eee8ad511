// The qrcode library's encoder module (qr.ts imports it without the renderers).
declare module 'qrcode/lib/core/qrcode.js' {
  export const create: typeof import('qrcode').create;
}
