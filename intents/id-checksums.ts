// Check digits of card numbers (Luhn) and Chinese resident IDs: a number that fails them is not that entity.
export function isLuhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** Chinese 18-character resident ID: 17 digits with a plausible birth date, ISO 7064 MOD 11-2 check character. */
export function isChineseIdValid(id: string): boolean {
  if (!/^\d{17}[\dX]$/i.test(id)) return false;
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  if (year < 1900 || year > 2100 || month < 1 || month > 12 || day < 1 || day > 31) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (id.charCodeAt(i) - 48) * (ID_WEIGHTS[i] ?? 0);
  return ID_CHECK[sum % 11] === id[17]?.toUpperCase();
}

/** Province codes of mainland China (the first two digits of an area code), the only ones on 15-digit IDs. */
const PROVINCE_CODES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63,
  64, 65,
]);

/**
 * First-generation (1984–2004) 15-digit resident ID: 6-digit area code, YYMMDD birth date in the 1900s,
 * 3-digit sequence. With no check digit, the province code and a real calendar date are all the evidence.
 */
export function isLegacyChineseIdValid(id: string): boolean {
  if (!/^\d{15}$/.test(id) || !PROVINCE_CODES.has(Number(id.slice(0, 2)))) return false;
  const [year, month, day] = [1900 + Number(id.slice(6, 8)), Number(id.slice(8, 10)), Number(id.slice(10, 12))];
  const date = new Date(Date.UTC(year, month - 1, day));
  return month >= 1 && month <= 12 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}
