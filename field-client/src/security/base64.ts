/** Base64 without Buffer, so the same code runs in the browser (btoa/atob are global in Node 20 too). */
export function bytesToBase64(bytes: ArrayBuffer | Uint8Array): string {
  const view = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  let binary = '';
  for (const byte of view) binary += String.fromCharCode(byte);
  return btoa(binary);
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export const randomBase64 = (byteCount: number): string =>
  bytesToBase64(globalThis.crypto.getRandomValues(new Uint8Array(byteCount)));
