/**
 * @module crypto
 * WebCrypto only (runs on Node and Workers). One SECRET_KEY is stretched with HKDF into separate
 * keys: AES-GCM for tokens at rest, HMAC-SHA-256 for signed cookies and OAuth state.
 */
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function toBase64Url(bytes: Uint8Array): string {
  return toBase64(bytes).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> {
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}

/** A URL-safe random token with `bytes` bytes of entropy (default 32 = 256 bits). */
export function randomToken(bytes = 32): string {
  return toBase64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', encoder.encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** Length-independent comparison of two strings (for tokens and signatures). */
export function timingSafeEqual(a: string, b: string): boolean {
  const ab = encoder.encode(a);
  const bb = encoder.encode(b);
  let diff = ab.length ^ bb.length;
  const n = Math.max(ab.length, bb.length);
  for (let i = 0; i < n; i++) diff |= (ab[i] ?? 0) ^ (bb[i] ?? 0);
  return diff === 0;
}

export interface Secrets {
  encrypt(plaintext: string): Promise<string>;
  decrypt(sealed: string): Promise<string>;
  sign(payload: string): Promise<string>;
  verify(payload: string, signature: string): Promise<boolean>;
}

const SEALED_PREFIX = 'v1';

export async function createSecrets(secretKey: string): Promise<Secrets> {
  const master = await crypto.subtle.importKey('raw', encoder.encode(secretKey), 'HKDF', false, [
    'deriveKey',
  ]);
  const derive = (info: string, algorithm: AesKeyGenParams | HmacKeyGenParams, usages: KeyUsage[]) =>
    crypto.subtle.deriveKey(
      { name: 'HKDF', hash: 'SHA-256', salt: encoder.encode('hardday'), info: encoder.encode(info) },
      master,
      algorithm,
      false,
      usages,
    );
  const aesKey = await derive('tokens-at-rest', { name: 'AES-GCM', length: 256 }, [
    'encrypt',
    'decrypt',
  ]);
  const hmacKey = await derive('signatures', { name: 'HMAC', hash: 'SHA-256', length: 256 }, [
    'sign',
    'verify',
  ]);

  return {
    async encrypt(plaintext) {
      const iv = crypto.getRandomValues(new Uint8Array(12));
      const sealed = await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, aesKey, encoder.encode(plaintext));
      return `${SEALED_PREFIX}.${toBase64Url(iv)}.${toBase64Url(new Uint8Array(sealed))}`;
    },
    async decrypt(sealed) {
      const [version, iv, body] = sealed.split('.');
      if (version !== SEALED_PREFIX || !iv || !body) throw new Error('not a sealed value');
      const plain = await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: fromBase64Url(iv) },
        aesKey,
        fromBase64Url(body),
      );
      return decoder.decode(plain);
    },
    async sign(payload) {
      const mac = await crypto.subtle.sign('HMAC', hmacKey, encoder.encode(payload));
      return toBase64Url(new Uint8Array(mac));
    },
    async verify(payload, signature) {
      try {
        return await crypto.subtle.verify('HMAC', hmacKey, fromBase64Url(signature), encoder.encode(payload));
      } catch {
        return false;
      }
    },
  };
}
