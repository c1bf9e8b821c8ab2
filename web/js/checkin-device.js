// checkin-device.js — a name of its own for each door device: "puerta-" and 4 random characters
// (digits and lower-case letters without i, l, o, u, which are misread), drawn once with
// crypto.getRandomValues and then kept by the page, so that "ya registrado en puerta-7k2m"
// tells two phones apart. Staff may replace it with a clearer one ("puerta-norte").

const ALPHABET = '0123456789abcdefghjkmnpqrstvwxyz'; // 32 characters: a byte's low 5 bits pick one evenly
const LENGTH = 4;

/** A fresh default device name, e.g. "puerta-7k2m". */
export function newDeviceName() {
  const bytes = crypto.getRandomValues(new Uint8Array(LENGTH));
  return `puerta-${Array.from(bytes, (b) => ALPHABET[b & 31]).join('')}`;
}
