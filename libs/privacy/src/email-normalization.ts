/** Providers that ignore dots and `+tag` in the local part: one inbox behind many spellings. */
const DOT_AND_TAG_INSENSITIVE = new Set(['gmail.com', 'googlemail.com']);

/** The canonical spelling of an email address, so that `A.da+promo@GMail.com` equals `ada@gmail.com`. */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  if (DOT_AND_TAG_INSENSITIVE.has(domain)) local = local.split('+')[0].replaceAll('.', '');
  return `${local}@${domain}`;
}
