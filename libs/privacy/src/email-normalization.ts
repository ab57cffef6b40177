/** Providers that ignore dots in the local part: one inbox behind many spellings. */
const DOT_INSENSITIVE = new Set(['gmail.com', 'googlemail.com']);

/** The canonical spelling of an email address, so that `A.da+promo@GMail.com` equals `ada@gmail.com`. */
export function normalizeEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  if (domain === 'googlemail.com') domain = 'gmail.com';
  // Sub-addressing (RFC 5233) is on at Gmail, Microsoft 365, iCloud, Proton, Fastmail and most company mail: `ada+x` is ada.
  local = local.split('+')[0] || local;
  if (DOT_INSENSITIVE.has(domain)) local = local.replaceAll('.', '');
  return `${local}@${domain}`;
}
