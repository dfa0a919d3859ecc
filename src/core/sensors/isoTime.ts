// Strict ISO-8601 instants (`2024-05-01T08:00:00.000Z`, `…+08:00`) to epoch milliseconds; NaN for anything else.

const digits = (s: string, at: number, n: number): number => {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
};

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const leap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

/**
 * Epoch ms of `YYYY-MM-DDTHH:MM[:SS[.fff…]](Z|±HH[:MM])`; a SensorThings interval `start/end` gives its end.
 * A time zone is required: a zoneless time means different instants in the device, broker and browser.
 */
export function parseIsoTimeMs(s: string): number {
  const slash = s.indexOf('/');
  if (slash >= 0)
    return slash === s.lastIndexOf('/') && !Number.isNaN(parseIsoTimeMs(s.slice(0, slash))) ? parseIsoTimeMs(s.slice(slash + 1)) : NaN;
  const n = s.length;
  if (n < 17 || n > 40 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58)
    return NaN;
  const year = digits(s, 0, 4),
    month = digits(s, 5, 2),
    day = digits(s, 8, 2),
    hour = digits(s, 11, 2),
    minute = digits(s, 14, 2);
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > DAYS[month - 1] || (month === 2 && day === 29 && !leap(year))) return NaN;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59) return NaN;
  let i = 16;
  let second = 0;
  let ms = 0;
  if (s.charCodeAt(i) === 58) {
    second = digits(s, i + 1, 2);
    if (second < 0 || second > 59) return NaN;
    i += 3;
    if (s.charCodeAt(i) === 46) {
      let scale = 100;
      let j = i + 1;
      for (; j < n; j++) {
        const c = s.charCodeAt(j) - 48;
        if (c < 0 || c > 9) break;
        ms += c * scale;
        scale /= 10;
      }
      if (j === i + 1) return NaN;
      i = j;
    }
  }
  let offsetMin = 0;
  const z = s.charCodeAt(i);
  if (z === 90 && i + 1 === n) {
    // Z
  } else if ((z === 43 || z === 45) && (i + 3 === n || (i + 6 === n && s.charCodeAt(i + 3) === 58) || i + 5 === n)) {
    const oh = digits(s, i + 1, 2);
    const om = i + 3 === n ? 0 : digits(s, i + (i + 6 === n ? 4 : 3), 2);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return NaN;
    offsetMin = (z === 43 ? 1 : -1) * (oh * 60 + om);
  } else {
    return NaN;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, Math.floor(ms)) - offsetMin * 60_000;
}
