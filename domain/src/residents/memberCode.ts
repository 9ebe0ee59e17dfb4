/**
 * Member codes are 10 digits: 9 random digits and a Luhn check digit. Digits because staff type
 * them when a worn card will not scan; the check digit catches a mistyped or swapped digit
 * before any lookup.
 */
export function luhnCheckDigit(digits: string): string {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

export function makeMemberCode(random: () => number = Math.random): string {
  let body = String(1 + Math.floor(random() * 9)); // never a leading zero: spreadsheets drop it
  for (let i = 0; i < 8; i++) body += String(Math.floor(random() * 10));
  return body + luhnCheckDigit(body);
}

export function isValidMemberCode(code: string): boolean {
  return /^[1-9]\d{9}$/.test(code) && luhnCheckDigit(code.slice(0, 9)) === code[9];
}
