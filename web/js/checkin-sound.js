// checkin-sound.js — a short sound per door outcome, made with WebAudio oscillators (no audio
// files): one high beep for "bienvenido/a", two middle beeps for "ya registrado", a low buzz for
// a refusal; phones also vibrate on a refusal. Browsers start audio only after a user gesture,
// so the page calls unlock() on its first key press or click (a keyboard-wedge scan is one).

const PATTERNS = {
  ok: [{ f: 1046, d: 0.14, type: 'sine' }],
  already: [{ f: 660, d: 0.11, type: 'triangle' }, { gap: 0.07 }, { f: 660, d: 0.11, type: 'triangle' }],
  error: [{ f: 185, d: 0.45, type: 'square' }],
};

let ctx = null;
let enabled = true;

/** Creates or resumes the audio context; call from a user gesture. */
export function unlock() {
  const Ctx = globalThis.AudioContext || globalThis.webkitAudioContext;
  if (!Ctx) return;
  try {
    if (!ctx) ctx = new Ctx();
    if (ctx.state === 'suspended') ctx.resume().catch(() => {});
  } catch {
    ctx = null;
  }
}

/** Turns the sounds on or off (the page keeps the choice). */
export function setSound(on) { enabled = Boolean(on); }

/** Plays the pattern of a tone: 'ok' | 'already' | 'error'. */
export function beep(tone) {
  if (tone === 'error' && navigator.vibrate) navigator.vibrate([120, 60, 120]);
  if (!enabled || !ctx || ctx.state !== 'running') return;
  let t = ctx.currentTime + 0.01;
  for (const step of PATTERNS[tone] || []) {
    if (step.gap) { t += step.gap; continue; }
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = step.type;
    osc.frequency.value = step.f;
    // a soft attack and release: no clicks
    gain.gain.setValueAtTime(0.0001, t);
    gain.gain.exponentialRampToValueAtTime(0.25, t + 0.01);
    gain.gain.setValueAtTime(0.25, t + step.d - 0.03);
    gain.gain.exponentialRampToValueAtTime(0.0001, t + step.d);
    osc.connect(gain).connect(ctx.destination);
    osc.start(t);
    osc.stop(t + step.d + 0.02);
    t += step.d;
  }
}
