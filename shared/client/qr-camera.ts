/**
 * The QR camera of the kiosk and the till: the camera stream, a video to show it, and a decode loop, all owned here
 * so that one call turns every part of it off, at any moment of starting it.
 *
 * Decoding is zxing as html5-qrcode bundles it (its decoder only, not its camera handling, whose
 * start could not be cancelled and left cameras on). This module is itself loaded on demand
 * (the kiosk's Scanner.svelte, the till's Camera.svelte), so zxing (~100 KB gzip) is never in a
 * first load.
 * Every other frame is decoded inverted, so a pass shown white on black (dark mode, some printed
 * passes) reads like a normal one; zxing reads only dark-on-light codes.
 */

import { Html5QrcodeSupportedFormats } from 'html5-qrcode/esm/core.js';
import { ZXingHtml5QrcodeDecoder } from 'html5-qrcode/esm/zxing-html5-qrcode-decoder.js';

/** Frames tried per second; each is decoded as it is and, the next, inverted. */
const FPS = 10;
/** The central square of the frame is decoded, scaled to at most this many pixels a side. */
const MAX_SIDE = 480;

export interface QrCamera {
  /** Turns the camera off and removes the video; safe to call at any time, more than once. */
  close(): void;
}

/**
 * Opens a camera (`user`: the one facing the shopper, as on a kiosk; `environment`: the one facing
 * away, as on a till's tablet) into `box` and calls `ondecode` with each code read. `onproblem` is
 * called once if there is no camera or no permission. Nothing of it outlives close().
 */
export function openQrCamera(box: HTMLElement, ondecode: (text: string) => void, onproblem: () => void, facingMode: 'user' | 'environment' = 'user'): QrCamera {
  let closed = false;
  let stream: MediaStream | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const video = document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.setAttribute('aria-hidden', 'true');
  box.append(video);

  const stop = (s: MediaStream | null) => s?.getTracks().forEach((t) => t.stop());

  void (async () => {
    const opened = await navigator.mediaDevices.getUserMedia({ video: { facingMode }, audio: false });
    // Closed while the camera was being asked for: it is turned off the moment it arrives.
    if (closed) return stop(opened);
    stream = opened;
    video.srcObject = opened;
    await video.play();
    if (closed) return;
    const quiet = () => undefined;
    const decoder = new ZXingHtml5QrcodeDecoder([Html5QrcodeSupportedFormats.QR_CODE], false, { log: quiet, warn: quiet, logError: quiet, logErrors: quiet });
    const canvas = document.createElement('canvas');
    const ctx = canvas.getContext('2d', { willReadFrequently: true });
    if (!ctx) throw new Error('no 2d canvas');
    let frame = 0;
    const tick = async () => {
      timer = null;
      if (closed) return;
      const w = video.videoWidth;
      const h = video.videoHeight;
      if (w && h) {
        const side = Math.min(w, h);
        const out = Math.min(side, MAX_SIDE);
        canvas.width = canvas.height = out;
        ctx.filter = frame++ % 2 ? 'invert(1)' : 'none';
        ctx.drawImage(video, (w - side) / 2, (h - side) / 2, side, side, 0, 0, out, out);
        try {
          const { text } = await decoder.decodeAsync(canvas);
          if (!closed) ondecode(text);
        } catch {
          /* no code in this frame */
        }
      }
      if (!closed) timer = setTimeout(() => void tick(), 1000 / FPS);
    };
    void tick();
  })().catch(() => {
    if (!closed) onproblem();
  });

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      stop(stream);
      stream = null;
      video.pause();
      video.srcObject = null;
      video.remove();
    },
  };
}
