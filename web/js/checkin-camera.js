// checkin-camera.js — scanning badges with the phone's camera: getUserMedia with the rear
// camera, frames drawn on a <canvas> a few times a second and read with the vendored jsQR
// (257 KB, fetched when the camera is switched on, not with the page: most visits never use it);
// the browser's own BarcodeDetector is used instead where it reads QR codes (Chrome on Android),
// and then jsQR is not fetched at all. Cameras work only in a secure context (https://, or
// http://localhost / 127.0.0.1): support() says why not.

const INTERVAL_MS = 150;     // between two reads of the picture
const REPEAT_MS = 4000;      // the same code again within this time is the same badge held still
const MAX_SIDE = 960;        // frames are scaled down to this (plenty for a badge's QR)

/** Whether this page can use a camera: {ok: true} or {ok: false, reason: 'insecure' | 'no_api'}. */
export function support() {
  if (!window.isSecureContext) return { ok: false, reason: 'insecure' };
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return { ok: false, reason: 'no_api' };
  return { ok: true };
}

/** A start() error → 'denied' | 'no_camera' | 'busy' | 'no_reader' | 'failed'. */
export function cameraProblem(err) {
  const name = err && err.name;
  if (name === 'ReaderUnavailable') return 'no_reader';
  if (name === 'NotAllowedError' || name === 'SecurityError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError') return 'no_camera';
  if (name === 'NotReadableError' || name === 'AbortError') return 'busy';
  return 'failed';
}

/** Loads the vendored jsQR once (UMD: defines self.jsQR); rejects when it cannot be fetched. */
let jsqrLoading = null;
function loadJsQR() {
  jsqrLoading ??= import('../vendor/jsqr/jsQR.js').catch(() => {
    jsqrLoading = null; // a later start tries again
    throw Object.assign(new Error('qr_reader_unavailable'), { name: 'ReaderUnavailable' });
  });
  return jsqrLoading;
}

async function nativeDetector() {
  try {
    if (!('BarcodeDetector' in window)) return null;
    const formats = await window.BarcodeDetector.getSupportedFormats();
    return formats.includes('qr_code') ? new window.BarcodeDetector({ formats: ['qr_code'] }) : null;
  } catch {
    return null;
  }
}

export class Camera {
  /**
   * video: the <video> that shows the picture; onCode(text): called for each code read (awaited:
   * no reading meanwhile); a code read again within 4 s is not reported twice.
   */
  constructor({ video, onCode }) {
    this.video = video;
    this.onCode = onCode;
    this.canvas = document.createElement('canvas');
    this.ctx = this.canvas.getContext('2d', { willReadFrequently: true });
    this.stream = null;
    this.timer = null;
    this.last = { text: '', at: 0 };
    this.reads = 0; // pictures read so far, also in the video's data-reads (what a test waits on)
  }

  get running() { return Boolean(this.stream); }

  /** Asks for the rear camera and starts reading. Throws the getUserMedia error, or the error
   * of fetching the QR reader when the browser has none of its own. */
  async start() {
    if (this.stream) return;
    this.detector = await nativeDetector();
    if (!this.detector) await loadJsQR();
    const stream = await navigator.mediaDevices.getUserMedia({
      audio: false,
      video: { facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } },
    });
    this.stream = stream;
    this.video.muted = true;
    this.video.setAttribute('playsinline', '');
    this.video.srcObject = stream;
    try { await this.video.play(); } catch { /* autoplay of a muted stream is allowed; ignore a race with stop() */ }
    this.schedule();
  }

  stop() {
    clearTimeout(this.timer);
    this.timer = null;
    if (this.stream) for (const track of this.stream.getTracks()) track.stop();
    this.stream = null;
    this.video.srcObject = null;
  }

  schedule() {
    clearTimeout(this.timer);
    if (this.stream) this.timer = setTimeout(() => this.tick(), INTERVAL_MS);
  }

  async read() {
    const v = this.video;
    if (v.readyState < 2 || !v.videoWidth) return '';
    if (this.detector) {
      try {
        const found = await this.detector.detect(v);
        return found.length ? found[0].rawValue : '';
      } catch {
        this.detector = null; // fall back to jsQR from now on
        loadJsQR().catch(() => {}); // until it is here, pictures read as nothing
        return '';
      }
    }
    if (!self.jsQR) return '';
    const scale = Math.min(1, MAX_SIDE / Math.max(v.videoWidth, v.videoHeight));
    const w = Math.round(v.videoWidth * scale);
    const h = Math.round(v.videoHeight * scale);
    if (this.canvas.width !== w) this.canvas.width = w;
    if (this.canvas.height !== h) this.canvas.height = h;
    this.ctx.drawImage(v, 0, 0, w, h);
    const image = this.ctx.getImageData(0, 0, w, h);
    const code = self.jsQR(image.data, w, h, { inversionAttempts: 'attemptBoth' });
    return code ? code.data : '';
  }

  async tick() {
    try {
      const text = (await this.read()).trim();
      this.reads += 1;
      this.video.dataset.reads = String(this.reads);
      const now = Date.now();
      if (text && this.stream && !(text === this.last.text && now - this.last.at < REPEAT_MS)) {
        await this.onCode(text);
        this.last = { text, at: Date.now() };
      } else if (text === this.last.text && text) {
        this.last.at = now; // still in front of the camera: keep ignoring it
      }
    } finally {
      this.schedule();
    }
  }
}
