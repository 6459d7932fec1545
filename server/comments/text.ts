/** What a citizen types, made safe to keep as text: NFC, no control or bidi-override characters, trimmed. */
export function cleanText(s: string): string {
  return s
    .normalize('NFC')
    .replace(/\r\n?/g, '\n')
    // C0/C1 controls except tab and newline; bidi overrides and isolates; zero-width no-break
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u202A-\u202E\u2066-\u2069\uFEFF]/g, '')
    .trim();
}

const EMAIL = /^[^\s@<>()",;:]{1,64}@[^\s@<>()",;:]+\.[^\s@<>()",;:]{2,}$/;
const PHONE = /^\+?[0-9][0-9 -]{5,18}[0-9]$/;

/** A contact is a phone number or an e-mail address, nothing else. */
export function validContact(s: string): boolean {
  return s.length <= 100 && (EMAIL.test(s) || PHONE.test(s));
}
