// Ed25519 verification of Discord's interaction requests with node:crypto alone, on the raw bytes
// before any JSON parsing. https://docs.discord.com/developers/interactions/overview#setting-up-an-endpoint-validating-security-request-headers
import { createPublicKey, verify, type KeyObject } from 'node:crypto';

/** DER prefix of an Ed25519 SubjectPublicKeyInfo; the 32 raw key bytes follow it. */
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

/** The application's public key (64 hex characters, Developer Portal > General Information). */
export function publicKeyFromHex(hex: string): KeyObject {
  if (!/^[0-9a-fA-F]{64}$/.test(hex)) {
    throw new Error('DISCORD_PUBLIC_KEY must be 64 hexadecimal characters (Developer Portal > General Information > Public Key)');
  }
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(hex, 'hex')]), format: 'der', type: 'spki' });
}

/** True when `signature` (hex, X-Signature-Ed25519) signs timestamp + body. Never throws. */
export function verifySignature(key: KeyObject, signature: unknown, timestamp: unknown, body: Buffer): boolean {
  if (typeof signature !== 'string' || typeof timestamp !== 'string') return false;
  if (!/^[0-9a-fA-F]{128}$/.test(signature) || timestamp.length === 0 || timestamp.length > 32) return false;
  try {
    return verify(null, Buffer.concat([Buffer.from(timestamp, 'utf8'), body]), key, Buffer.from(signature, 'hex'));
  } catch {
    return false;
  }
}
