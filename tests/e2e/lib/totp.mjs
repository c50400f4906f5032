// TOTP codes (RFC 6238: HMAC-SHA-1, 6 digits, 30 s steps) for the tests'
// staff logins, computed here with node:crypto (an implementation independent
// of garant's C++ one). garantd refuses a code whose step was used already
// (replay), so codes are handed out per server and account, each step at most
// once: a third login within the same two steps waits for the next step.
import { createHmac } from 'node:crypto';

// The demo accounts' secrets (runtime/src/demo_accounts.cc; printed by
// garantd --demo and scripts/demo.sh). The secretary has no second factor.
export const DEMO_TOTP_SECRETS = {
  admin: 'GARANTDEMOADMINGARANTDEMOADMIN22',
  dpo: 'GARANTDEMODPOGARANTDEMODPOGARANT',
  auditeur: 'GARANTDEMOAUDITEURGARANTDEMOAUDI',
};

export function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out = [];
  for (const c of text.replace(/[\s=]/g, '').toUpperCase()) {
    const v = alphabet.indexOf(c);
    if (v < 0) throw new Error(`not Base32: ${c}`);
    value = (value << 5) | v;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

export function hotp(secretBase32, counter) {
  const msg = Buffer.alloc(8);
  msg.writeBigUInt64BE(BigInt(counter));
  const mac = createHmac('sha1', base32Decode(secretBase32)).update(msg).digest();
  const offset = mac[19] & 0x0f;
  const binary = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(binary % 1_000_000).padStart(6, '0');
}

export const currentStep = () => Math.floor(Date.now() / 30000);

export function totpAt(secretBase32, step) { return hotp(secretBase32, step); }

const lastStep = new Map();  // `${data dir}|${username}` -> the last step handed out

// A fresh code for one login of `username` on `server`: the current step, or
// the next one when the current one was used; waits for the clock when both
// were (at most 30 s).
export async function freshCode(server, username, secret = DEMO_TOTP_SECRETS[username]) {
  if (!secret) return '';
  const key = `${server.dataDir ?? server.url}|${username}`;  // a restart keeps the data
  for (;;) {
    const now = currentStep();
    const step = Math.max(now, (lastStep.get(key) ?? -1) + 1);
    if (step <= now + 1) {
      lastStep.set(key, step);
      return hotp(secret, step);
    }
    await new Promise((r) => setTimeout(r, (now + 1) * 30000 - Date.now() + 50));
  }
}
