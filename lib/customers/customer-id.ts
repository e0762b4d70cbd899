// A customer's id in URLs and the API: its customer_key ("e:<keyed email hash>" or
// "c:<connection id>:<store customer id>") in base64url. The hash is keyed (HMAC), so the id says
// nothing about the email; the encoding only keeps colons out of paths.

const KEY_FORM = /^(e:[0-9a-f]{64}|c:[A-Za-z0-9_-]+:\d+)$/;

export function customerIdOf(customerKey: string): string {
  return Buffer.from(customerKey, "utf8").toString("base64url");
}

/** The customer_key an id stands for; null for anything that is not one (answered as not found). */
export function customerKeyOf(id: string): string | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(id)) return null;
  const key = Buffer.from(id, "base64url").toString("utf8");
  return KEY_FORM.test(key) && customerIdOf(key) === id ? key : null;
}
