// The bytes both apps send: text that compresses well, longer than the apps' 1 kB thresholds.
export const BODY = Array.from({ length: 400 }, (_, i) => `line ${i}: graft sends this through Next unchanged\n`).join('');
